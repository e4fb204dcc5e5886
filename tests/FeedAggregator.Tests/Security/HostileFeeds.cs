using System.Globalization;
using System.Text;
using System.Xml;

namespace FeedAggregator.Tests.Security;

/// <summary>A feed format the corpus is published in, with the letter that marks its page groups.</summary>
internal enum SourceFormat
{
    Rss,
    Atom,
    Json,
}

/// <summary>One hostile feed: where the publisher serves it, its bytes, the vectors its items carry and the one its own metadata carries.</summary>
internal sealed record HostileFeed(string Id, SourceFormat Format, string Path, string ContentType, byte[] Body, IReadOnlyList<XssVector> Items, XssVector Metadata)
{
    /// <summary>The tag every feed of a format has, and the id of the topic that gathers them.</summary>
    public string Tag => HostileFeeds.Tag(Format);
}

/// <summary>
/// Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents that put every vector into every place the format carries text:
/// item titles, summaries and content (Atom both as escaped HTML and, where the vector is well-formed XML, inline XHTML),
/// links, enclosures, comments, thumbnails, authors (name, address, URI), categories, languages and sources, and the
/// feed's own title, description, links, image, icon and logo. Each item also carries a category naming its page group:
/// five items to a group, so that a topic per group puts every item on the HTML page (which lists five per topic).
/// </summary>
internal static partial class HostileFeeds
{
    public const int GroupSize = 5;

    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string XhtmlNs = "http://www.w3.org/1999/xhtml";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string MediaNs = "http://search.yahoo.com/mrss/";

    public static string Tag(SourceFormat format) => "xss-" + Name(format);

    public static string Name(SourceFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The page group's category word of a vector in a format, such as <c>pgr017</c>.</summary>
    public static string GroupWord(SourceFormat format, int number) =>
        $"pg{Name(format)[0]}{((number - 1) / GroupSize).ToString("D3", CultureInfo.InvariantCulture)}";

    /// <summary>The item id a vector's item has in a format's feed: the feed's own guid, id or JSON id.</summary>
    public static string ItemId(SourceFormat format, int number) =>
        format == SourceFormat.Atom ? $"urn:x-test:atom-{number}" : $"{Name(format)}-{number}";

    /// <summary>The corpus spread over <paramref name="feedsPerFormat"/> feeds of each format, items newest first from <paramref name="newest"/> a minute apart.</summary>
    public static IReadOnlyList<HostileFeed> Build(IReadOnlyList<XssVector> corpus, DateTimeOffset newest, int feedsPerFormat)
    {
        var feeds = new List<HostileFeed>();
        foreach (var format in Enum.GetValues<SourceFormat>())
        {
            var perFeed = (corpus.Count + feedsPerFormat - 1) / feedsPerFormat;
            for (var k = 0; k < feedsPerFormat; k++)
            {
                var items = corpus.Skip(k * perFeed).Take(perFeed).ToList();
                // Each feed's own metadata carries a vector too, spread over the corpus.
                var metadata = corpus[((((int)format * feedsPerFormat) + k) * 37) % corpus.Count];
                var id = $"{Name(format)}-{k + 1}";
                var (path, type, body) = format switch
                {
                    SourceFormat.Rss => ($"rss/{id}.xml", "application/rss+xml", Rss(items, metadata, newest)),
                    SourceFormat.Atom => ($"atom/{id}.xml", "application/atom+xml", Atom(items, metadata, newest)),
                    _ => ($"json/{id}.json", "application/feed+json", Json(items, metadata, newest)),
                };
                feeds.Add(new HostileFeed(id, format, path, type, body, items, metadata));
            }
        }

        return feeds;
    }

    public static DateTimeOffset Published(DateTimeOffset newest, int number) => newest.AddMinutes(-number);

    /// <summary>True when the text reads as a well-formed XML fragment in the XHTML namespace: it can stand inline in Atom content.</summary>
    public static bool IsXhtmlFragment(string text)
    {
        if (!text.All(IsXmlChar))
        {
            return false;
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader($"<div xmlns=\"{XhtmlNs}\">{text}</div>"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static void TextConstruct(XmlWriter xml, string name, string text, string type)
    {
        xml.WriteStartElement(name, AtomNs);
        xml.WriteAttributeString("type", type);
        xml.WriteString(type == "html" ? Html(text) : Plain(text));
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", Plain(href));
        xml.WriteEndElement();
    }

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            write(xml);
        }

        return buffer.ToArray();
    }

    /// <summary>Text for an HTML field of an XML feed: characters XML 1.0 cannot carry become HTML character references, which HTML parsers read back as the same characters.</summary>
    private static string Html(string text) => XmlSafe(text, c => $"&#x{((int)c).ToString("X", CultureInfo.InvariantCulture)};");

    /// <summary>Text for any other field of an XML feed: characters XML 1.0 cannot carry are left out.</summary>
    private static string Plain(string text) => XmlSafe(text, _ => "");

    private static string XmlSafe(string text, Func<char, string> replace)
    {
        if (text.All(IsXmlChar))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            safe.Append(IsXmlChar(c) ? c.ToString() : replace(c));
        }

        return safe.ToString();
    }

    // The corpus pairs its surrogates; only the characters XML 1.0 forbids outright need replacing.
    private static bool IsXmlChar(char c) => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c);

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
