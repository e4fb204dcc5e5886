using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// Atom 1.0 (RFC 4287, https://www.rfc-editor.org/rfc/rfc4287) and Atom 0.3
/// (https://www.ietf.org/archive/id/draft-ietf-atompub-format-03.txt). The reader stands on the root element.
/// </summary>
internal static class AtomParser
{
    public static ParsedFeed Parse(XmlReader reader, FeedFormat format, Uri? documentUri, List<string> problems)
    {
        var ns = reader.NamespaceURI;
        var feed = new ParsedFeed { Format = format, Language = NullIfEmpty(reader.XmlLang) };
        var items = new List<ParsedItem>();
        try
        {
            if (SafeXml.EnterChildren(reader, out var depth))
            {
                while (SafeXml.NextChild(reader, depth))
                {
                    feed = reader.NamespaceURI == ns ? ReadFeedChild(reader, feed, documentUri, items) : Skip(reader, feed);
                }
            }
        }
        catch (XmlException e)
        {
            problems.Add($"not well-formed at line {e.LineNumber}, column {e.LinePosition}: {e.Message}");
        }

        return feed with { Items = items };
    }

    private static ParsedFeed ReadFeedChild(XmlReader reader, ParsedFeed feed, Uri? documentUri, List<ParsedItem> items)
    {
        switch (reader.LocalName)
        {
            case "entry":
                items.Add(ReadEntry(reader, documentUri));
                return feed;
            case "title":
                return feed with { Title = ReadTextConstruct(reader) };
            case "subtitle" or "tagline":
                return feed with { Subtitle = ReadTextConstruct(reader) };
            case "id":
                return feed with { Id = SafeXml.ReadText(reader) };
            case "updated" or "modified":
                return feed with { Updated = FeedDates.Parse(SafeXml.ReadText(reader)) };
            case "generator":
                return feed with { Generator = SafeXml.ReadText(reader) };
            case "link":
                var (rel, href) = ReadLink(reader, documentUri);
                return rel == "alternate" && feed.Link is null ? feed with { Link = href } : feed;
            default:
                return Skip(reader, feed);
        }
    }

    private static ParsedItem ReadEntry(XmlReader reader, Uri? documentUri)
    {
        var ns = reader.NamespaceURI;
        var item = new ParsedItem { Language = NullIfEmpty(reader.XmlLang) };
        var links = new List<FeedLink>();
        var authors = new List<Person>();
        var categories = new List<Category>();
        var enclosures = new List<Enclosure>();
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                if (reader.NamespaceURI != ns)
                {
                    reader.Skip();
                    continue;
                }

                item = ReadEntryChild(reader, item, documentUri, links, authors, categories, enclosures);
            }
        }

        var alternate = links.FirstOrDefault(l => l.Rel is null or "alternate")?.Href;
        return item with { Link = alternate, Links = links, Authors = authors, Categories = categories, Enclosures = enclosures };
    }

    private static ParsedItem ReadEntryChild(XmlReader reader, ParsedItem item, Uri? documentUri,
        List<FeedLink> links, List<Person> authors, List<Category> categories, List<Enclosure> enclosures)
    {
        switch (reader.LocalName)
        {
            case "id":
                return item with { Id = SafeXml.ReadText(reader) };
            case "title":
                return item with { Title = ReadTextConstruct(reader) };
            case "summary":
                return item with { Summary = ReadTextConstruct(reader) };
            case "content":
                return item with { Content = ReadTextConstruct(reader) };
            case "published" or "issued":
                return item with { Published = FeedDates.Parse(SafeXml.ReadText(reader)) };
            case "updated" or "modified":
                return item with { Updated = FeedDates.Parse(SafeXml.ReadText(reader)) };
            case "author":
                authors.Add(ReadPerson(reader));
                return item;
            case "category":
                var term = reader.GetAttribute("term");
                if (!string.IsNullOrWhiteSpace(term))
                {
                    categories.Add(new Category(term.Trim(), NullIfEmpty(reader.GetAttribute("scheme")), NullIfEmpty(reader.GetAttribute("label"))));
                }

                reader.Skip();
                return item;
            case "link":
                var type = NullIfEmpty(reader.GetAttribute("type"));
                var title = NullIfEmpty(reader.GetAttribute("title"));
                var length = reader.GetAttribute("length");
                var (rel, href) = ReadLink(reader, documentUri);
                if (href is not null)
                {
                    links.Add(new FeedLink(href, rel, type, title));
                    if (rel == "enclosure")
                    {
                        enclosures.Add(new Enclosure(href, type, long.TryParse(length, out var n) ? n : null));
                    }
                }

                return item;
            default:
                reader.Skip();
                return item;
        }
    }

    private static (string Rel, string? Href) ReadLink(XmlReader reader, Uri? documentUri)
    {
        var rel = NullIfEmpty(reader.GetAttribute("rel")) ?? "alternate";
        var href = SafeXml.Resolve(documentUri, reader.GetAttribute("href"));
        reader.Skip();
        return (rel, href);
    }

    private static TextValue ReadTextConstruct(XmlReader reader)
    {
        var lang = NullIfEmpty(reader.XmlLang);
        var type = reader.GetAttribute("type")?.Trim().ToLowerInvariant();
        return type switch
        {
            "xhtml" or TextValue.Xhtml => new TextValue(ReadXhtml(reader), TextValue.Xhtml, lang),
            "html" or "text/html" or "escaped" => new TextValue(SafeXml.ReadText(reader), TextValue.Html, lang),
            _ => new TextValue(SafeXml.ReadText(reader), TextValue.Plain, lang),
        };
    }

    /// <summary>Inline XHTML without its wrapping div (RFC 4287 section 3.1.1.3).</summary>
    private static string ReadXhtml(XmlReader reader)
    {
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return "";
        }

        var markup = "";
        while (SafeXml.NextChild(reader, depth))
        {
            markup += reader.LocalName == "div" && reader.NamespaceURI == XmlNames.Xhtml
                ? SafeXml.ReadMarkup(reader)
                : reader.ReadOuterXml();
        }

        return markup;
    }

    private static Person ReadPerson(XmlReader reader)
    {
        string? name = null, email = null, uri = null;
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                switch (reader.LocalName)
                {
                    case "name": name = NullIfEmpty(SafeXml.ReadText(reader)); break;
                    case "email": email = NullIfEmpty(SafeXml.ReadText(reader)); break;
                    case "uri" or "url": uri = NullIfEmpty(SafeXml.ReadText(reader)); break;
                    default: reader.Skip(); break;
                }
            }
        }

        return new Person(name, email, uri);
    }

    private static ParsedFeed Skip(XmlReader reader, ParsedFeed feed)
    {
        reader.Skip();
        return feed;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
