using System.Globalization;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// RSS 0.90 (https://www.rssboard.org/rss-0-9-0), 0.91–0.94 and 2.0 (https://www.rssboard.org/rss-specification) and
/// RSS 1.0 (https://web.resource.org/rss/1.0/spec). Extension elements are read by <see cref="RssExtensions"/>.
/// The reader stands on the root element; the feed is filled as it is read, so a document cut short keeps what came before.
/// </summary>
internal static class RssParser
{
    public static void Parse(XmlReader reader, ParsedFeed feed, ParseContext context)
    {
        var baseUri = SafeXml.BaseOf(reader, context.DocumentUri);
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return;
        }

        while (SafeXml.NextChild(reader, depth))
        {
            var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
            var name = context.Names.Of(reader.LocalName);
            switch (name)
            {
                case El.Channel when vocabulary == Vocabulary.Rss:
                    ReadChannel(reader, feed, context, baseUri);
                    break;
                case El.Item when vocabulary == Vocabulary.Rss:
                    // RSS 0.90 and 1.0 put items beside the channel, not inside it.
                    feed.Items.Add(ReadItem(reader, context, baseUri, feed.Format));
                    break;
                case El.Image when vocabulary == Vocabulary.Rss:
                    feed.Feed.Image = ReadImage(reader, context, baseUri);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadChannel(XmlReader reader, ParsedFeed feed, ParseContext context, Uri? inherited)
    {
        var meta = feed.Feed;
        var baseUri = SafeXml.BaseOf(reader, inherited);
        meta.Id ??= SafeXml.NullIfEmpty(reader.GetAttribute("about", XmlNames.Rdf));
        meta.Language ??= SafeXml.NullIfEmpty(reader.XmlLang);
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return;
        }

        while (SafeXml.NextChild(reader, depth))
        {
            var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
            var name = context.Names.Of(reader.LocalName);
            if (vocabulary != Vocabulary.Rss)
            {
                RssExtensions.ReadFeedElement(reader, vocabulary, name, meta, baseUri);
                continue;
            }

            switch (name)
            {
                case El.Item:
                    feed.Items.Add(ReadItem(reader, context, baseUri, feed.Format));
                    break;
                case El.Title:
                    meta.Title = new TextValue(SafeXml.ReadFeedText(reader));
                    break;
                case El.Link:
                    var link = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader));
                    if (link is not null)
                    {
                        meta.Link ??= link;
                        meta.LinkList.Add(new FeedLink(link, "alternate"));
                    }

                    break;
                case El.Description:
                    meta.Subtitle = new TextValue(SafeXml.ReadFeedText(reader), TextValue.Html, null, baseUri?.AbsoluteUri);
                    break;
                case El.Language:
                    meta.Language = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)) ?? meta.Language;
                    break;
                case El.Copyright:
                    meta.Rights = new TextValue(SafeXml.ReadFeedText(reader));
                    break;
                case El.ManagingEditor:
                    Add(meta.AuthorList, People.FromText(SafeXml.ReadText(reader)));
                    break;
                case El.WebMaster:
                    Add(meta.ContributorList, People.FromText(SafeXml.ReadText(reader)));
                    break;
                case El.PubDate:
                    meta.Published = FeedDates.Parse(SafeXml.ReadText(reader));
                    break;
                case El.LastBuildDate:
                    meta.Updated = FeedDates.Parse(SafeXml.ReadText(reader));
                    break;
                case El.Category:
                    AddCategory(reader, meta.CategoryList);
                    break;
                case El.Generator:
                    meta.Generator = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)) is { } generator ? new Generator(generator) : null;
                    break;
                case El.Docs:
                    meta.Docs = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader));
                    break;
                case El.Ttl:
                    meta.Ttl = int.TryParse(SafeXml.ReadText(reader), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) ? ttl : null;
                    break;
                case El.Image:
                    meta.Image = ReadImage(reader, context, baseUri);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static ParsedItem ReadItem(XmlReader reader, ParseContext context, Uri? inherited, FeedFormat? format)
    {
        var item = new ParsedItem { Language = SafeXml.NullIfEmpty(reader.XmlLang) };
        var baseUri = SafeXml.BaseOf(reader, inherited);
        var about = format is FeedFormat.Rss10 or FeedFormat.Rss090 ? reader.GetAttribute("about", XmlNames.Rdf) : null;
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
                var name = context.Names.Of(reader.LocalName);
                if (vocabulary == Vocabulary.Rss)
                {
                    ReadItemElement(reader, name, item, baseUri);
                }
                else
                {
                    RssExtensions.ReadItemElement(reader, vocabulary, name, item, baseUri, context);
                }
            }
        }

        item.Id ??= SafeXml.NullIfEmpty(about);

        // A guid that is a permalink doubles as the link when the item has none (RSS 2.0, <guid>).
        if (item.Link is null && item.IsPermaLink && item.Id is not null)
        {
            item.Link = SafeXml.Resolve(baseUri, item.Id);
        }

        return item;
    }

    private static void ReadItemElement(XmlReader reader, El name, ParsedItem item, Uri? baseUri)
    {
        switch (name)
        {
            case El.Title:
                item.Title = TitleText(SafeXml.ReadFeedText(reader), baseUri);
                break;
            case El.Link:
                // The item's own link is "link"; "links" is kept for the links a feed types and ranks (atom:link).
                item.Link = SafeXml.Keep(item.Link, SafeXml.Resolve(baseUri, SafeXml.ReadText(reader)));
                break;
            case El.Description:
                item.Summary = new TextValue(SafeXml.ReadFeedText(reader), TextValue.Html, null, baseUri?.AbsoluteUri);
                break;
            case El.Guid:
                // isPermaLink defaults to true (RSS 2.0 <guid>); only an explicit "false" turns it off.
                var permaLink = !reader.HasAttributes || !string.Equals(reader.GetAttribute("isPermaLink")?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
                var guid = SafeXml.ReadText(reader);
                if (guid.Length > 0)
                {
                    item.Id = guid;
                    item.IsPermaLink = permaLink;
                }

                break;
            case El.PubDate:
                item.Published = FeedDates.Parse(SafeXml.ReadText(reader));
                break;
            case El.Author:
                Add(item.AuthorList, People.FromText(SafeXml.ReadText(reader)));
                break;
            case El.Category:
                AddCategory(reader, item.CategoryList);
                break;
            case El.Enclosure:
                var url = SafeXml.Resolve(baseUri, reader.GetAttribute("url"));
                if (url is not null)
                {
                    item.EnclosureList.Add(new Enclosure(url, SafeXml.NullIfEmpty(reader.GetAttribute("type")), Length(reader.GetAttribute("length"))));
                }

                reader.Skip();
                break;
            case El.Comments:
                item.Comments = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader));
                break;
            case El.Source:
                var sourceUrl = SafeXml.Resolve(baseUri, reader.GetAttribute("url"));
                var source = new FeedMetadata { Title = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)) is { } t ? new TextValue(t) : null };
                if (sourceUrl is not null)
                {
                    source.LinkList.Add(new FeedLink(sourceUrl, "self"));
                }

                item.Source = source;
                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>RSS titles are plain text by the spec but often carry escaped markup; only markup-looking text is typed as HTML.</summary>
    private static TextValue TitleText(FeedText title, Uri? baseUri)
    {
        var markup = title.Utf8.IndexOfAny((byte)'<', (byte)'&') >= 0;
        return markup ? new TextValue(title, TextValue.Html, null, baseUri?.AbsoluteUri) : new TextValue(title);
    }

    private static FeedImage? ReadImage(XmlReader reader, ParseContext context, Uri? inherited)
    {
        var baseUri = SafeXml.BaseOf(reader, inherited);
        var resource = reader.GetAttribute("resource", XmlNames.Rdf);
        string? url = null, title = null, link = null;
        int? width = null, height = null;
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                switch (context.Names.Of(reader.LocalName))
                {
                    case El.Url: url = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader)); break;
                    case El.Title: title = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)); break;
                    case El.Link: link = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader)); break;
                    case El.Width: width = Number(SafeXml.ReadText(reader)); break;
                    case El.Height: height = Number(SafeXml.ReadText(reader)); break;
                    default: reader.Skip(); break;
                }
            }
        }

        url ??= SafeXml.Resolve(baseUri, resource);
        return url is null && title is null && link is null ? null : new FeedImage(url, title, link, width, height);
    }

    internal static void AddCategory(XmlReader reader, List<Category> categories)
    {
        var domain = reader.HasAttributes ? SafeXml.NullIfEmpty(reader.GetAttribute("domain")) : null;
        var term = SafeXml.ReadText(reader);
        if (term.Length > 0)
        {
            categories.Add(new Category(term, domain));
        }
    }

    internal static void Add(List<Person> people, Person? person)
    {
        if (person is not null)
        {
            people.Add(person);
        }
    }

    internal static long? Length(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    internal static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
