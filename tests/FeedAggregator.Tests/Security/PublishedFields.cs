using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace FeedAggregator.Tests.Security;

/// <summary>How a consumer reads a field: as HTML to render, an address to follow, an identifier, or text to show as it is.</summary>
internal enum FieldKind
{
    Html,
    Url,
    Id,
    Text,
}

/// <summary>One field of a published document, read the way a feed reader or API client reads it.</summary>
/// <param name="Entry">The id of the item or entry the field belongs to; null for the document's own fields.</param>
internal sealed record PublishedField(string Document, string? Entry, string Name, FieldKind Kind, string Value)
{
    public override string ToString() => $"{Document} {Entry ?? "(feed)"} {Name}: {Value}";
}

/// <summary>
/// Reads every field out of a published topic feed (RSS 2.0, Atom 1.0, JSON Feed 1.1) with an ordinary parser and
/// says what kind of field it is by the format's rules, so that each can be checked for what a consumer does with it.
/// Problems of the document itself (a DTD, processing instructions, elements of XHTML, SVG or MathML, event
/// attributes) are reported separately.
/// </summary>
internal static partial class PublishedFields
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";

    private static readonly HashSet<string> XmlNamespaces = new(StringComparer.Ordinal)
    {
        "", AtomNs, ContentNs, "http://purl.org/dc/elements/1.1/", "http://purl.org/syndication/history/1.0",
        "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/",
    };

    private static readonly HashSet<string> JsonUrls = new(StringComparer.Ordinal)
    {
        "url", "home_page_url", "feed_url", "next_url", "external_url", "image", "banner_image", "icon", "favicon", "avatar",
    };

    // The address properties of the normalised item (docs/parser.md): links, enclosures, people, content sources, bases.
    private static readonly HashSet<string> ApiUrls = new(StringComparer.Ordinal)
    {
        "link", "href", "url", "uri", "src", "comments", "icon", "logo", "docs", "base",
    };

    public static List<PublishedField> FromXml(string document, byte[] body, List<string> problems)
    {
        XDocument xml;
        try
        {
            // A consumer's strict reader: a DTD is an error, never processed.
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            xml = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            problems.Add($"{document}: not well-formed XML without a DTD: {e.Message}");
            return [];
        }

        foreach (var node in xml.DescendantNodes())
        {
            if (node is XProcessingInstruction or XComment or XDocumentType)
            {
                problems.Add($"{document}: {node.NodeType} {node}");
            }
        }

        var fields = new List<PublishedField>();
        foreach (var element in xml.Descendants())
        {
            var ns = element.Name.NamespaceName;
            if (!XmlNamespaces.Contains(ns))
            {
                problems.Add($"{document}: element {element.Name} of an unexpected namespace");
            }

            var entry = EntryOf(element);
            foreach (var attribute in element.Attributes())
            {
                var name = attribute.Name.LocalName;
                if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || !XmlNamespaces.Contains(attribute.Name.NamespaceName))
                {
                    problems.Add($"{document}: attribute {attribute.Name} on {element.Name}");
                }
                else if (!attribute.IsNamespaceDeclaration)
                {
                    var kind = name is "href" or "url" or "src" ? FieldKind.Url : FieldKind.Text;
                    fields.Add(new PublishedField(document, entry, $"{PathOf(element)}/@{name}", kind, attribute.Value));
                }
            }

            var type = ns == AtomNs ? (string?)element.Attribute("type") : null;
            if (type is "html" or "xhtml")
            {
                var html = type == "html" ? element.Value : string.Concat(element.Nodes().Select(n => n.ToString()));
                fields.Add(new PublishedField(document, entry, PathOf(element), FieldKind.Html, html));
            }
            else if (!element.HasElements)
            {
                fields.Add(new PublishedField(document, entry, PathOf(element), KindOf(element), element.Value));
            }
            else if (type == "text")
            {
                problems.Add($"{document}: text construct {element.Name} holds elements");
            }
        }

        return fields;
    }

    public static List<PublishedField> FromJson(string document, JsonElement root)
    {
        var fields = new List<PublishedField>();
        Walk(document, null, "", root, fields);
        return fields;
    }

    /// <summary>
    /// The fields of an item as the API gives it (<c>item</c> of <c>GET /api/items/{uid}</c>, docs/parser.md): text
    /// constructs typed <c>text/html</c> or <c>application/xhtml+xml</c> are HTML, the address properties URLs.
    /// </summary>
    public static List<PublishedField> FromApiItem(string document, string entry, JsonElement item)
    {
        var fields = new List<PublishedField>();
        WalkApi(document, entry, "item", item, fields);
        return fields;
    }

    private static void WalkApi(string document, string entry, string path, JsonElement value, List<PublishedField> fields)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var isMarkup = value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                    && type.GetString() is "text/html" or "application/xhtml+xml";
                foreach (var property in value.EnumerateObject())
                {
                    var at = $"{path}/{property.Name}";
                    if (isMarkup && property.Name == "value" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        fields.Add(new PublishedField(document, entry, at, FieldKind.Html, property.Value.GetString()!));
                    }
                    else
                    {
                        WalkApi(document, entry, at, property.Value, fields);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    WalkApi(document, entry, path, element, fields);
                }

                break;
            case JsonValueKind.String:
                var name = path[(path.LastIndexOf('/') + 1)..];
                var kind = ApiUrls.Contains(name) ? FieldKind.Url : FieldKind.Text;
                fields.Add(new PublishedField(document, entry, path, kind, value.GetString()!));
                break;
            default:
                break;
        }
    }

    /// <param name="path">Property names from the root, array positions left out: <c>items/_source/title</c>.</param>
    private static void Walk(string document, string? entry, string path, JsonElement value, List<PublishedField> fields)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var id = value.TryGetProperty("id", out var own) && own.ValueKind == JsonValueKind.String && value.TryGetProperty("date_published", out _)
                    ? own.GetString()
                    : entry;
                foreach (var property in value.EnumerateObject())
                {
                    Walk(document, id, path.Length == 0 ? property.Name : $"{path}/{property.Name}", property.Value, fields);
                }

                break;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    Walk(document, entry, path, element, fields);
                }

                break;
            case JsonValueKind.String:
                var name = path[(path.LastIndexOf('/') + 1)..];
                var kind = name switch
                {
                    "content_html" => FieldKind.Html,
                    "id" => FieldKind.Id,
                    _ when JsonUrls.Contains(name) => FieldKind.Url,
                    _ => FieldKind.Text,
                };
                fields.Add(new PublishedField(document, entry, path, kind, value.GetString()!));
                break;
            default:
                break;
        }
    }

    /// <summary>RSS item descriptions and content:encoded are HTML; links, Atom URIs, icons and logos addresses; guids and ids identifiers.</summary>
    private static FieldKind KindOf(XElement element)
    {
        var name = element.Name;
        var parent = element.Parent?.Name.LocalName;
        return name.NamespaceName switch
        {
            "" when name.LocalName == "description" && parent == "item" => FieldKind.Html,
            "" when name.LocalName == "link" => FieldKind.Url,
            "" when name.LocalName == "guid" => FieldKind.Id,
            ContentNs when name.LocalName == "encoded" => FieldKind.Html,
            AtomNs when name.LocalName is "uri" or "icon" or "logo" => FieldKind.Url,
            AtomNs when name.LocalName == "id" => FieldKind.Id,
            _ => FieldKind.Text,
        };
    }

    /// <summary>The element's name after its parent's, such as <c>entry/title</c> or <c>source/title</c>.</summary>
    private static string PathOf(XElement element) =>
        element.Parent is { } parent ? $"{parent.Name.LocalName}/{element.Name.LocalName}" : element.Name.LocalName;

    private static string? EntryOf(XElement element)
    {
        var entry = element.AncestorsAndSelf().FirstOrDefault(e => e.Name.LocalName is "item" or "entry");
        return entry is null
            ? null
            : (string?)entry.Element("guid") ?? (string?)entry.Element(XName.Get("id", AtomNs));
    }

    /// <summary>An identifier as we publish them: a uid, its urn:uuid form, or a web address.</summary>
    public static bool IsIdentifier(string value) => Identifier().IsMatch(value) || InertHtml.IsWebUrl(value);

    [GeneratedRegex("^([0-9a-f]{32}|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")]
    private static partial Regex Identifier();
}
