using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// Atom 1.0 (RFC 4287, https://www.rfc-editor.org/rfc/rfc4287) and Atom 0.3
/// (https://datatracker.ietf.org/doc/html/draft-ietf-atompub-format-03). The reader stands on the root element;
/// xml:base is resolved at every level, xml:lang inherited, and the feed filled as it is read.
/// </summary>
internal static class AtomParser
{
    public static void Parse(XmlReader reader, ParsedFeed feed, ParseContext context)
    {
        var atom = context.Namespaces.Of(reader.NamespaceURI);
        var baseUri = SafeXml.BaseOf(reader, context.DocumentUri);
        feed.Feed.Language = SafeXml.NullIfEmpty(reader.XmlLang);
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return;
        }

        while (SafeXml.NextChild(reader, depth))
        {
            var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
            var name = context.Names.Of(reader.LocalName);
            if (vocabulary == atom && name == El.Entry)
            {
                feed.Items.Add(ReadEntry(reader, atom, context, baseUri));
            }
            else if (vocabulary == atom)
            {
                ReadMetadataElement(reader, name, feed.Feed, context, baseUri);
            }
            else
            {
                RssExtensions.ReadFeedElement(reader, vocabulary, name, feed.Feed, baseUri);
            }
        }
    }

    /// <summary>The elements a feed and an entry's source share (RFC 4287 §4.2).</summary>
    private static void ReadMetadataElement(XmlReader reader, El name, FeedMetadata meta, ParseContext context, Uri? baseUri)
    {
        switch (name)
        {
            case El.Title:
                meta.Title = ReadText(reader, baseUri);
                break;
            case El.Subtitle or El.Tagline:
                meta.Subtitle = ReadText(reader, baseUri);
                break;
            case El.Rights or El.Copyright:
                meta.Rights = ReadText(reader, baseUri);
                break;
            case El.Id:
                meta.Id = SafeXml.NullIfEmpty(SafeXml.ReadText(reader));
                break;
            case El.Updated or El.Modified:
                meta.Updated = FeedDates.Parse(SafeXml.ReadText(reader));
                break;
            case El.Published or El.Issued:
                meta.Published = FeedDates.Parse(SafeXml.ReadText(reader));
                break;
            case El.Author:
                meta.AuthorList.Add(ReadPerson(reader, context, baseUri));
                break;
            case El.Contributor:
                meta.ContributorList.Add(ReadPerson(reader, context, baseUri));
                break;
            case El.Category:
                AddCategory(reader, meta.CategoryList);
                break;
            case El.Link:
                RssExtensions.AddLink(meta, RssExtensions.AtomLink(reader, baseUri));
                break;
            case El.Icon:
                meta.Icon = SafeXml.Resolve(SafeXml.BaseOf(reader, baseUri), SafeXml.ReadText(reader));
                break;
            case El.Logo:
                meta.Logo = SafeXml.Resolve(SafeXml.BaseOf(reader, baseUri), SafeXml.ReadText(reader));
                break;
            case El.Generator:
                var uri = SafeXml.Resolve(baseUri, reader.GetAttribute("uri") ?? reader.GetAttribute("url"));
                var version = SafeXml.NullIfEmpty(reader.GetAttribute("version"));
                meta.Generator = new Generator(SafeXml.NullIfEmpty(SafeXml.ReadText(reader)), uri, version);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static ParsedItem ReadEntry(XmlReader reader, Vocabulary atom, ParseContext context, Uri? inherited)
    {
        var item = new ParsedItem { Language = SafeXml.NullIfEmpty(reader.XmlLang) };
        var baseUri = SafeXml.BaseOf(reader, inherited);
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return item;
        }

        while (SafeXml.NextChild(reader, depth))
        {
            var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
            var name = context.Names.Of(reader.LocalName);
            if (vocabulary != atom)
            {
                RssExtensions.ReadItemElement(reader, vocabulary, name, item, baseUri, context);
                continue;
            }

            switch (name)
            {
                case El.Id:
                    item.Id = SafeXml.NullIfEmpty(SafeXml.ReadText(reader));
                    break;
                case El.Title:
                    item.Title = ReadText(reader, baseUri);
                    break;
                case El.Summary:
                    item.Summary = ReadText(reader, baseUri);
                    break;
                case El.Content:
                    item.ContentList.Add(ReadContent(reader, baseUri));
                    break;
                case El.Published or El.Issued:
                    item.Published = FeedDates.Parse(SafeXml.ReadText(reader));
                    break;
                case El.Updated or El.Modified:
                    item.Updated = FeedDates.Parse(SafeXml.ReadText(reader));
                    break;
                case El.Created:
                    item.Created = FeedDates.Parse(SafeXml.ReadText(reader));
                    break;
                case El.Author:
                    item.AuthorList.Add(ReadPerson(reader, context, baseUri));
                    break;
                case El.Contributor:
                    item.ContributorList.Add(ReadPerson(reader, context, baseUri));
                    break;
                case El.Category:
                    AddCategory(reader, item.CategoryList);
                    break;
                case El.Rights or El.Copyright:
                    item.Rights = ReadText(reader, baseUri);
                    break;
                case El.Link:
                    RssExtensions.AddLink(item, RssExtensions.AtomLink(reader, baseUri));
                    break;
                case El.Source:
                    item.Source = ReadSource(reader, atom, context, baseUri);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return item;
    }

    private static FeedMetadata ReadSource(XmlReader reader, Vocabulary atom, ParseContext context, Uri? inherited)
    {
        var source = new FeedMetadata { Language = SafeXml.NullIfEmpty(reader.XmlLang) };
        var baseUri = SafeXml.BaseOf(reader, inherited);
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                if (context.Namespaces.Of(reader.NamespaceURI) == atom)
                {
                    ReadMetadataElement(reader, context.Names.Of(reader.LocalName), source, context, baseUri);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return source;
    }

    /// <summary>A text construct (RFC 4287 §3.1); Atom 0.3's <c>mode="escaped"</c> is HTML, <c>mode="xml"</c> inline XHTML.</summary>
    private static TextValue ReadText(XmlReader reader, Uri? inherited)
    {
        var lang = SafeXml.NullIfEmpty(reader.XmlLang);
        var (type, _, _, xmlBase) = TextAttributes(reader);
        var value = type == TextValue.Xhtml ? FeedText.Of(ReadXhtml(reader)) : SafeXml.ReadFeedText(reader);
        var baseUri = type == TextValue.Plain ? null : (xmlBase is null ? inherited : SafeXml.ResolveBase(inherited, xmlBase))?.AbsoluteUri;
        return new TextValue(value, type, lang, baseUri);
    }

    private static ItemContent ReadContent(XmlReader reader, Uri? inherited)
    {
        var lang = SafeXml.NullIfEmpty(reader.XmlLang);
        var (type, declared, src, xmlBase) = TextAttributes(reader);
        var contentBase = xmlBase is null ? inherited : SafeXml.ResolveBase(inherited, xmlBase);
        var value = type == TextValue.Xhtml ? FeedText.Of(ReadXhtml(reader)) : SafeXml.ReadFeedText(reader);
        if (declared is not null && type == TextValue.Plain && declared.Contains('/', StringComparison.Ordinal))
        {
            type = declared.Trim();
        }

        return new ItemContent(value, type, lang, contentBase?.AbsoluteUri, SafeXml.Resolve(contentBase, src));
    }

    /// <summary>The attributes of a text construct, in one pass: its media type (from <c>type</c>, or Atom 0.3's <c>mode</c>), the declared type, <c>src</c> and <c>xml:base</c>.</summary>
    private static (string Type, string? Declared, string? Src, string? XmlBase) TextAttributes(XmlReader reader)
    {
        string? type = null, mode = null, src = null, xmlBase = null;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                switch (reader.LocalName)
                {
                    case "type": type = reader.Value.Trim(); break;
                    case "mode": mode = reader.Value.Trim(); break;
                    case "src": src = reader.Value; break;
                    case "base" when reader.NamespaceURI == XmlNames.Xml: xmlBase = reader.Value; break;
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        var media = mode is not null
            ? Is(mode, "escaped") ? TextValue.Html
                : Is(mode, "xml") ? TextValue.Xhtml
                : type?.Contains("html", StringComparison.OrdinalIgnoreCase) == true ? TextValue.Html : TextValue.Plain
            : type is null ? TextValue.Plain
                : Is(type, "xhtml") || Is(type, TextValue.Xhtml) ? TextValue.Xhtml
                : Is(type, "html") || Is(type, TextValue.Html) ? TextValue.Html
                : TextValue.Plain;
        return (media, type, src, xmlBase);
    }

    private static bool Is(string value, string expected) => value.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Inline XHTML without its wrapping div (RFC 4287 §3.1.1.3).</summary>
    private static string ReadXhtml(XmlReader reader)
    {
        if (!SafeXml.EnterChildren(reader, out var depth))
        {
            return "";
        }

        var markup = new System.Text.StringBuilder();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                markup.Append(reader.LocalName == "div" && reader.NamespaceURI == XmlNames.Xhtml
                    ? SafeXml.ReadInnerMarkup(reader)
                    : SafeXml.ReadMarkup(reader, inner: false));
            }
            else
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    markup.Append(System.Net.WebUtility.HtmlEncode(reader.Value));
                }

                reader.Read();
            }
        }

        reader.Read();
        return markup.ToString().Trim();
    }

    private static Person ReadPerson(XmlReader reader, ParseContext context, Uri? inherited)
    {
        var baseUri = SafeXml.BaseOf(reader, inherited);
        string? name = null, email = null, uri = null;
        if (SafeXml.EnterChildren(reader, out var depth))
        {
            while (SafeXml.NextChild(reader, depth))
            {
                switch (context.Names.Of(reader.LocalName))
                {
                    case El.Name: name = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)); break;
                    case El.Email: email = SafeXml.NullIfEmpty(SafeXml.ReadText(reader)); break;
                    case El.Uri or El.Url: uri = SafeXml.Resolve(baseUri, SafeXml.ReadText(reader)); break;
                    default: reader.Skip(); break;
                }
            }
        }

        return new Person(name, email, uri);
    }

    private static void AddCategory(XmlReader reader, List<Category> categories)
    {
        string? term = null, scheme = null, label = null;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                switch (reader.NamespaceURI.Length == 0 ? reader.LocalName : null)
                {
                    case "term": term = SafeXml.NullIfEmpty(reader.Value); break;
                    case "scheme": scheme = SafeXml.NullIfEmpty(reader.Value); break;
                    case "label": label = SafeXml.NullIfEmpty(reader.Value); break;
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        if (term is null)
        {
            // Atom 0.3 and sloppy 1.0 feeds write the term as the element's text.
            term = SafeXml.NullIfEmpty(SafeXml.ReadText(reader));
        }
        else
        {
            reader.Skip();
        }

        if (term is not null)
        {
            categories.Add(new Category(term, scheme, label));
        }
    }
}
