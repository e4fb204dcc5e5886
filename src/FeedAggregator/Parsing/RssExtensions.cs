using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// The extension vocabularies RSS feeds carry: Dublin Core (https://www.dublincore.org/specifications/dublin-core/dces/),
/// content:encoded (https://web.resource.org/rss/1.0/modules/content/), atom:link in RSS (RFC 4287 §4.2.7),
/// Media RSS (https://www.rssboard.org/media-rss), iTunes (https://help.apple.com/itc/podcasts_connect/#/itcb54353390),
/// slash (https://web.resource.org/rss/1.0/modules/slash/) and wfw:commentRss (http://wellformedweb.org/news/wfw_namespace_elements).
/// </summary>
internal static class RssExtensions
{
    public static void ReadFeedElement(XmlReader reader, Vocabulary vocabulary, El name, FeedMetadata meta, Uri? baseUri)
    {
        switch (vocabulary, name)
        {
            case (Vocabulary.Atom10 or Vocabulary.Atom03, El.Link):
                AddLink(meta, AtomLink(reader, baseUri));
                break;
            case (Vocabulary.DublinCore, El.Title):
                meta.Title = SafeXml.Keep(meta.Title, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Description):
                meta.Subtitle = SafeXml.Keep(meta.Subtitle, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Creator):
            case (Vocabulary.ITunes, El.Author):
                RssParser.Add(meta.AuthorList, People.FromText(SafeXml.ReadText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Publisher or El.Contributor):
                RssParser.Add(meta.ContributorList, People.FromText(SafeXml.ReadText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Date):
                var date = FeedDates.Parse(SafeXml.ReadText(reader));
                meta.Updated ??= date;
                break;
            case (Vocabulary.DublinCore, El.Subject):
                AddTerm(meta.CategoryList, SafeXml.ReadText(reader));
                break;
            case (Vocabulary.DublinCore, El.Language):
                meta.Language = SafeXml.Keep(meta.Language, SafeXml.NullIfEmpty(SafeXml.ReadText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Rights):
                meta.Rights = SafeXml.Keep(meta.Rights, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.ITunes, El.Summary):
                meta.Subtitle = SafeXml.Keep(meta.Subtitle, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.ITunes, El.Image):
                var href = SafeXml.Resolve(baseUri, reader.GetAttribute("href"));
                meta.Image ??= href is null ? null : new FeedImage(href);
                reader.Skip();
                break;
            case (Vocabulary.ITunes, El.Category):
                AddTerm(meta.CategoryList, reader.GetAttribute("text") ?? "");
                reader.Skip();
                break;
            default:
                reader.Skip();
                break;
        }
    }

    public static void ReadItemElement(XmlReader reader, Vocabulary vocabulary, El name, ParsedItem item, Uri? baseUri, ParseContext context)
    {
        switch (vocabulary, name)
        {
            case (Vocabulary.Content, El.Encoded):
                item.ContentList.Add(new ItemContent(SafeXml.ReadFeedText(reader), TextValue.Html, null, baseUri?.AbsoluteUri));
                break;
            case (Vocabulary.DublinCore, El.Creator):
                RssParser.Add(item.AuthorList, People.FromText(SafeXml.ReadText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Publisher or El.Contributor):
                RssParser.Add(item.ContributorList, People.FromText(SafeXml.ReadText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Date):
                var date = FeedDates.Parse(SafeXml.ReadText(reader));
                if (item.Published is null)
                {
                    item.Published = date;
                }
                else
                {
                    item.Updated ??= date;
                }

                break;
            case (Vocabulary.DublinCore, El.Subject):
                AddTerm(item.CategoryList, SafeXml.ReadText(reader));
                break;
            case (Vocabulary.DublinCore, El.Language):
                item.Language = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)) ?? item.Language;
                break;
            case (Vocabulary.DublinCore, El.Rights):
                item.Rights = new TextValue(SafeXml.ReadFeedText(reader));
                break;
            case (Vocabulary.DublinCore, El.Title):
                item.Title = SafeXml.Keep(item.Title, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.DublinCore, El.Description):
                item.Summary = SafeXml.Keep(item.Summary, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.Atom10 or Vocabulary.Atom03, El.Link):
                AddLink(item, AtomLink(reader, baseUri));
                break;
            case (Vocabulary.Atom10 or Vocabulary.Atom03, El.Updated or El.Modified):
                item.Updated = FeedDates.Parse(SafeXml.ReadText(reader));
                break;
            case (Vocabulary.Atom10 or Vocabulary.Atom03, El.Published or El.Issued):
                item.Published = SafeXml.Keep(item.Published, FeedDates.Parse(SafeXml.ReadText(reader)));
                break;
            case (Vocabulary.Media, _):
                ReadMedia(reader, name, item, baseUri, context);
                break;
            case (Vocabulary.ITunes, El.Author):
                if (item.Authors.Count == 0)
                {
                    RssParser.Add(item.AuthorList, People.FromText(SafeXml.ReadText(reader)));
                }
                else
                {
                    reader.Skip();
                }

                break;
            case (Vocabulary.ITunes, El.Summary):
                item.Summary = SafeXml.Keep(item.Summary, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case (Vocabulary.ITunes, El.Image):
                var image = SafeXml.Resolve(baseUri, reader.GetAttribute("href"));
                if (image is not null)
                {
                    item.LinkList.Add(new FeedLink(image, "image"));
                }

                reader.Skip();
                break;
            case (Vocabulary.Slash, El.Comments):
                item.CommentCount = RssParser.Number(SafeXml.ReadText(reader));
                break;
            case (Vocabulary.Wfw, El.CommentRss):
                var replies = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader));
                if (replies is not null)
                {
                    item.LinkList.Add(new FeedLink(replies, "replies", "application/rss+xml"));
                }

                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static void ReadMedia(XmlReader reader, El name, ParsedItem item, Uri? baseUri, ParseContext context)
    {
        switch (name)
        {
            case El.Group:
                if (SafeXml.EnterChildren(reader, out var depth))
                {
                    while (SafeXml.NextChild(reader, depth))
                    {
                        var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
                        var child = context.Names.Of(reader.LocalName);
                        if (vocabulary == Vocabulary.Media)
                        {
                            ReadMedia(reader, child, item, baseUri, context);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }

                break;
            case El.Content:
                var url = SafeXml.Resolve(baseUri, reader.GetAttribute("url"));
                var type = SafeXml.NullIfEmpty(reader.GetAttribute("type")) ?? MediumType(reader.GetAttribute("medium"));
                var size = RssParser.Length(reader.GetAttribute("fileSize"));
                if (url is not null && !item.Enclosures.Any(e => e.Url == url))
                {
                    item.EnclosureList.Add(new Enclosure(url, type, size));
                }

                ReadMediaChildren(reader, item, baseUri, context);
                break;
            case El.Thumbnail:
                var thumbnail = SafeXml.Resolve(baseUri, reader.GetAttribute("url"));
                if (thumbnail is not null)
                {
                    item.LinkList.Add(new FeedLink(thumbnail, "thumbnail"));
                }

                reader.Skip();
                break;
            case El.Description:
                var typeAttribute = reader.GetAttribute("type");
                var text = SafeXml.ReadText(reader);
                item.Summary ??= new TextValue(text, typeAttribute == "html" ? TextValue.Html : TextValue.Plain, null, baseUri?.AbsoluteUri);
                break;
            case El.Title:
                item.Title = SafeXml.Keep(item.Title, new TextValue(SafeXml.ReadFeedText(reader)));
                break;
            case El.Credit:
                var role = reader.GetAttribute("role");
                var person = People.FromText(SafeXml.ReadText(reader));
                RssParser.Add(role is null or "author" or "creator" ? item.AuthorList : item.ContributorList, person);
                break;
            case El.Keywords:
                foreach (var keyword in SafeXml.ReadText(reader).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    item.CategoryList.Add(new Category(keyword));
                }

                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>media:content may hold its own thumbnail, title and description.</summary>
    private static void ReadMediaChildren(XmlReader reader, ParsedItem item, Uri? baseUri, ParseContext context)
    {
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return;
        }

        while (SafeXml.NextChild(reader, depth))
        {
            if (context.Namespaces.Of(reader.NamespaceURI) == Vocabulary.Media)
            {
                ReadMedia(reader, context.Names.Of(reader.LocalName), item, baseUri, context);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static string? MediumType(string? medium) => medium switch
    {
        "image" => "image/*",
        "audio" => "audio/*",
        "video" => "video/*",
        _ => null,
    };

    /// <summary>An Atom link element (RFC 4287 §4.2.7), as used in both Atom and RSS. One pass over its attributes.</summary>
    internal static FeedLink? AtomLink(XmlReader reader, Uri? baseUri)
    {
        string? href = null, rel = null, type = null, title = null, length = null, hreflang = null, xmlBase = null;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                switch (reader.LocalName)
                {
                    case "href": href = reader.Value; break;
                    case "rel": rel = reader.Value; break;
                    case "type": type = reader.Value; break;
                    case "title": title = reader.Value; break;
                    case "length": length = reader.Value; break;
                    case "hreflang": hreflang = reader.Value; break;
                    case "base" when reader.NamespaceURI == XmlNames.Xml: xmlBase = reader.Value; break;
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        var linkBase = xmlBase is null ? baseUri : SafeXml.ResolveBase(baseUri, xmlBase);
        var resolved = SafeXml.Resolve(linkBase, href);
        reader.Skip();
        return resolved is null
            ? null
            : new FeedLink(resolved, SafeXml.NullIfEmpty(rel) ?? "alternate", SafeXml.NullIfEmpty(type), SafeXml.NullIfEmpty(title),
                RssParser.Length(length), SafeXml.NullIfEmpty(hreflang));
    }

    /// <summary>Adds a feed's link; the first alternate one is also its <c>link</c>.</summary>
    internal static void AddLink(FeedMetadata meta, FeedLink? link)
    {
        if (link is null)
        {
            return;
        }

        meta.LinkList.Add(link);
        if (link.Rel == "alternate")
        {
            meta.Link ??= link.Href;
        }
    }

    /// <summary>Adds an item's link; the first alternate one is also its <c>link</c>, an enclosure link also an enclosure.</summary>
    internal static void AddLink(ParsedItem item, FeedLink? link)
    {
        if (link is null)
        {
            return;
        }

        item.LinkList.Add(link);
        if (link.Rel == "alternate")
        {
            item.Link ??= link.Href;
        }
        else if (link.Rel == "enclosure")
        {
            item.EnclosureList.Add(new Enclosure(link.Href, link.Type, link.Length));
        }
    }

    private static void AddTerm(List<Category> categories, string term)
    {
        if (!string.IsNullOrWhiteSpace(term))
        {
            categories.Add(new Category(term.Trim()));
        }
    }
}
