using System.Globalization;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// RSS 0.9x and 2.0 (https://www.rssboard.org/rss-specification) and RSS 1.0 (https://web.resource.org/rss/1.0/spec),
/// with Dublin Core and content:encoded. The reader stands on the root element when <see cref="Parse"/> is called.
/// </summary>
internal static class RssParser
{
    public static ParsedFeed Parse(XmlReader reader, FeedFormat format, Uri? documentUri, List<string> problems)
    {
        var items = new List<ParsedItem>();
        var feed = new ParsedFeed { Format = format };
        try
        {
            if (SafeXml.EnterChildren(reader, out var rootDepth))
            {
                while (SafeXml.NextChild(reader, rootDepth))
                {
                    switch (reader.LocalName)
                    {
                        case "channel":
                            feed = ReadChannel(reader, feed, documentUri, items);
                            break;
                        case "item":
                            // RSS 1.0 and 0.90 put items beside the channel, not inside it.
                            items.Add(ReadItem(reader, documentUri));
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }
            }
        }
        catch (XmlException e)
        {
            problems.Add($"not well-formed at line {e.LineNumber}, column {e.LinePosition}: {e.Message}");
        }

        return feed with { Items = items };
    }

    private static ParsedFeed ReadChannel(XmlReader reader, ParsedFeed feed, Uri? documentUri, List<ParsedItem> items)
    {
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return feed;
        }

        while (SafeXml.NextChild(reader, depth))
        {
            var ns = reader.NamespaceURI;
            switch (reader.LocalName)
            {
                case "item":
                    items.Add(ReadItem(reader, documentUri));
                    break;
                case "title" when IsRss(ns):
                    feed = feed with { Title = new TextValue(SafeXml.ReadText(reader)) };
                    break;
                case "link" when IsRss(ns):
                    feed = feed with { Link = SafeXml.Resolve(documentUri, SafeXml.ReadText(reader)) };
                    break;
                case "description" when IsRss(ns):
                    feed = feed with { Subtitle = new TextValue(SafeXml.ReadText(reader)) };
                    break;
                case "language" when IsRss(ns) || ns == XmlNames.DublinCore:
                    feed = feed with { Language = SafeXml.ReadText(reader) };
                    break;
                case "lastBuildDate" or "pubDate" when IsRss(ns):
                    var date = FeedDates.Parse(SafeXml.ReadText(reader));
                    feed = feed with { Updated = feed.Updated ?? date };
                    break;
                case "date" when ns == XmlNames.DublinCore:
                    feed = feed with { Updated = FeedDates.Parse(SafeXml.ReadText(reader)) };
                    break;
                case "generator" when IsRss(ns):
                    feed = feed with { Generator = SafeXml.ReadText(reader) };
                    break;
                case "ttl" when IsRss(ns):
                    var ttl = int.TryParse(SafeXml.ReadText(reader), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes);
                    feed = feed with { Ttl = ttl ? minutes : null };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return feed;
    }

    private static ParsedItem ReadItem(XmlReader reader, Uri? documentUri)
    {
        var item = new ParsedItem { Language = NullIfEmpty(reader.XmlLang) };
        var about = reader.GetAttribute("about", XmlNames.Rdf);
        var authors = new List<Person>();
        var categories = new List<Category>();
        var enclosures = new List<Enclosure>();
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                item = ReadItemChild(reader, item, documentUri, authors, categories, enclosures);
            }
        }

        if (item.Id is null && about is not null)
        {
            item = item with { Id = about };
        }

        // A guid that is a permalink doubles as the link when the item has none (RSS 2.0, <guid>).
        if (item.Link is null && item.IsPermaLink && item.Id is not null)
        {
            item = item with { Link = SafeXml.Resolve(documentUri, item.Id) };
        }

        return item with { Authors = authors, Categories = categories, Enclosures = enclosures };
    }

    private static ParsedItem ReadItemChild(
        XmlReader reader, ParsedItem item, Uri? documentUri, List<Person> authors, List<Category> categories, List<Enclosure> enclosures)
    {
        var ns = reader.NamespaceURI;
        switch (reader.LocalName)
        {
            case "title" when IsRss(ns):
                return item with { Title = new TextValue(SafeXml.ReadText(reader), TextValue.Html) };
            case "link" when IsRss(ns):
                return item with { Link = SafeXml.Resolve(documentUri, SafeXml.ReadText(reader)) };
            case "description" when IsRss(ns):
                return item with { Summary = new TextValue(SafeXml.ReadText(reader), TextValue.Html) };
            case "encoded" when ns == XmlNames.Content:
                return item with { Content = new TextValue(SafeXml.ReadText(reader), TextValue.Html) };
            case "guid" when IsRss(ns):
                // isPermaLink defaults to true (RSS 2.0); only an explicit "false" turns it off.
                var permaLink = !string.Equals(reader.GetAttribute("isPermaLink")?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
                var guid = SafeXml.ReadText(reader);
                return guid.Length == 0 ? item : item with { Id = guid, IsPermaLink = permaLink };
            case "pubDate" when IsRss(ns):
                return item with { Published = FeedDates.Parse(SafeXml.ReadText(reader)) };
            case "date" when ns == XmlNames.DublinCore:
                return item with { Published = item.Published ?? FeedDates.Parse(SafeXml.ReadText(reader)) };
            case "author" when IsRss(ns):
            case "creator" when ns == XmlNames.DublinCore:
                AddText(authors, SafeXml.ReadText(reader));
                return item;
            case "category" when IsRss(ns):
                var domain = reader.GetAttribute("domain");
                var term = SafeXml.ReadText(reader);
                if (term.Length > 0)
                {
                    categories.Add(new Category(term, NullIfEmpty(domain), null));
                }

                return item;
            case "subject" when ns == XmlNames.DublinCore:
                var subject = SafeXml.ReadText(reader);
                if (subject.Length > 0)
                {
                    categories.Add(new Category(subject, null, null));
                }

                return item;
            case "enclosure" when IsRss(ns):
                var url = SafeXml.Resolve(documentUri, reader.GetAttribute("url"));
                var length = long.TryParse(reader.GetAttribute("length"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
                if (url is not null)
                {
                    enclosures.Add(new Enclosure(url, NullIfEmpty(reader.GetAttribute("type")), length));
                }

                reader.Skip();
                return item;
            case "comments" when IsRss(ns):
                return item with { Comments = SafeXml.Resolve(documentUri, SafeXml.ReadText(reader)) };
            case "language" when ns == XmlNames.DublinCore:
                return item with { Language = SafeXml.ReadText(reader) };
            default:
                reader.Skip();
                return item;
        }
    }

    private static void AddText(List<Person> authors, string text)
    {
        if (text.Length > 0)
        {
            authors.Add(new Person(text, null, null));
        }
    }

    private static bool IsRss(string ns) => ns.Length == 0 || ns == XmlNames.Rss10 || ns == XmlNames.Rss090;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
