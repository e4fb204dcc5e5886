using System.Text.RegularExpressions;
using System.Xml;

namespace FeedAggregator.Sources;

/// <summary>A feed outline of an OPML file as written there, not yet checked.</summary>
/// <param name="Name">How to name the outline to an operator: its title or text, else its URL, else its line.</param>
/// <param name="Tags">The enclosing category outlines' names, then the entries of its <c>category</c> attribute.</param>
/// <param name="Id">Our own <c>feedaggregator:id</c> attribute, written by <see cref="OpmlWriter"/>.</param>
internal sealed record OpmlOutline(string Name, string? XmlUrl, string? Title, string? Language, IReadOnlyList<string> Tags, string? Id);

/// <summary>
/// Reads the feeds of an OPML 1.0 or 2.0 subscription list (http://opml.org/spec2.opml, "Subscription lists";
/// OPML 1.0, http://opml.org/spec1.opml). A feed outline has an <c>xmlUrl</c> (or <c>type="rss"</c> without one, which
/// the import reports); an outline with neither is a category whose name tags the feeds inside it. A DTD is refused
/// and nothing outside the file is ever read.
/// </summary>
internal static partial class OpmlReader
{
    /// <summary>The namespace of our own outline attributes (OPML 2.0 allows attributes in a namespace).</summary>
    public const string Namespace = "urn:feedaggregator:opml";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <exception cref="XmlException">The file is not well-formed XML, has a DTD, or is not OPML.</exception>
    public static IReadOnlyList<OpmlOutline> Read(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Settings);
        reader.MoveToContent();
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "opml")
        {
            throw new XmlException($"the root element is <{reader.LocalName}>, not <opml>");
        }

        var outlines = new List<OpmlOutline>();
        // One entry per open outline: the category it names, or null for a feed outline or one without a name.
        var open = new Stack<string?>();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "outline")
            {
                open.Pop();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "outline")
            {
                var category = Read(reader, open, outlines);
                if (!reader.IsEmptyElement)
                {
                    open.Push(category);
                }
            }
        }

        return outlines;
    }

    /// <summary>Lowercase, trimmed, inner whitespace as '-': how tags are written in feeds.json.</summary>
    public static string? Tag(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Spaces().Replace(text.Trim().ToLowerInvariant(), "-");

    /// <summary>Reads one outline; returns the category name it stands for, null when it is a feed.</summary>
    private static string? Read(XmlReader reader, Stack<string?> open, List<OpmlOutline> outlines)
    {
        // Attribute names are matched without regard to case: "xmlurl" is a common slip of hand-made files.
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var id = reader.GetAttribute("id", Namespace);
        while (reader.MoveToNextAttribute())
        {
            if (reader.NamespaceURI.Length == 0)
            {
                attributes.TryAdd(reader.LocalName, reader.Value);
            }
        }

        reader.MoveToElement();
        var text = NullIfBlank(attributes.GetValueOrDefault("text"));
        var title = NullIfBlank(attributes.GetValueOrDefault("title"));
        var xmlUrl = attributes.GetValueOrDefault("xmlUrl")?.Trim();
        var type = attributes.GetValueOrDefault("type");
        if (xmlUrl is null && !string.Equals(type, "rss", StringComparison.OrdinalIgnoreCase))
        {
            return Tag(title ?? text);
        }

        var tags = open.Reverse().OfType<string>()
            .Concat((attributes.GetValueOrDefault("category") ?? "").Split(',').SelectMany(path => path.Split('/')).Select(Tag).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // A feed without a title is exported with its id as text (text is required): that is not a title to bring back.
        var feedTitle = title ?? (text == id ? null : text);
        var line = reader is IXmlLineInfo info && info.HasLineInfo() ? $"the outline on line {info.LineNumber}" : "an outline";
        outlines.Add(new OpmlOutline(feedTitle ?? NullIfBlank(xmlUrl) ?? line, xmlUrl, feedTitle, NullIfBlank(attributes.GetValueOrDefault("language")), tags, id));
        return null;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
