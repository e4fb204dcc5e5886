using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedAggregator.Tests.Security;

/// <summary>
/// What "inert" means for HTML, checked on the tree a browser builds from it (AngleSharp's HTML5 parser): no element
/// that runs script, loads a document or plugin, redirects, rebases links or takes input; no foreign (SVG, MathML)
/// element; no event handler, inline style or srcdoc; and every address attribute either relative or of an allowed scheme
/// (http, https; mailto on links; raster data: images). <see cref="BrowserProbe"/> checks the live DOM by the same rules.
/// </summary>
internal static partial class InertHtml
{
    private static readonly HashSet<string> Forbidden = new(StringComparer.Ordinal)
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "base", "portal", "meta", "link",
        "style", "form", "input", "button", "select", "textarea", "keygen", "isindex", "template", "noscript", "xmp",
        "plaintext", "noembed", "noframes",
    };

    private static readonly HashSet<string> AddressAttributes = new(StringComparer.Ordinal)
    {
        "href", "src", "action", "formaction", "data", "poster", "background", "cite", "codebase", "dynsrc", "lowsrc",
        "longdesc", "ping", "manifest", "icon", "archive", "classid", "usemap", "profile", "xlink:href",
    };

    private static readonly HtmlParser Parser = new();

    /// <summary>The problems of HTML content (a description, content:encoded, content_html …) placed in a page's body.</summary>
    public static IReadOnlyList<string> Check(string html)
    {
        var document = Parser.ParseDocument("<!DOCTYPE html><html><head></head><body>" + html);
        var problems = new List<string>();
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            CheckElement(element, page: false, problems);
        }

        foreach (var element in document.Head!.QuerySelectorAll("*"))
        {
            problems.Add($"<{element.LocalName}> in head");
        }

        return problems;
    }

    /// <summary>The problems of a whole page of ours: its head may hold charset, viewport, alternate links and a style sheet without active parts.</summary>
    public static IReadOnlyList<string> CheckPage(string html)
    {
        var document = Parser.ParseDocument(html);
        var problems = new List<string>();
        foreach (var element in document.QuerySelectorAll("*"))
        {
            CheckElement(element, page: true, problems);
        }

        return problems;
    }

    private static void CheckElement(IElement element, bool page, List<string> problems)
    {
        var name = element.LocalName;
        if (element.NamespaceUri != NamespaceNames.HtmlUri)
        {
            problems.Add($"foreign element <{element.NodeName}>");
        }
        else if (Forbidden.Contains(name) && !(page && AllowedOnPage(element)))
        {
            problems.Add($"<{name}>");
        }

        foreach (var attribute in element.Attributes)
        {
            var attributeName = attribute.Name.ToLowerInvariant();
            if (attributeName.StartsWith("on", StringComparison.Ordinal) || attribute.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"<{name}> event handler {attribute.Name}");
            }
            else if (attributeName is "style" or "srcdoc")
            {
                problems.Add($"<{name}> {attribute.Name}=\"{attribute.Value}\"");
            }
            else if (AddressAttributes.Contains(attributeName) || AddressAttributes.Contains(attribute.LocalName))
            {
                if (AddressProblem(attribute.Value, name, attribute.LocalName) is { } problem)
                {
                    problems.Add($"<{name}> {attribute.Name}: {problem}");
                }
            }
            else if (attributeName is "srcset" or "imagesrcset")
            {
                foreach (var candidate in attribute.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (AddressProblem(candidate.Split(' ')[0], name, "src") is { } problem)
                    {
                        problems.Add($"<{name}> {attribute.Name}: {problem}");
                    }
                }
            }
        }
    }

    private static bool AllowedOnPage(IElement element) => element.LocalName switch
    {
        "meta" => element.Attributes.All(a => a.Name is "charset" or "name" or "content") && element.GetAttribute("http-equiv") is null,
        "link" => element.GetAttribute("rel") == "alternate",
        "style" => !ActiveCss().IsMatch(element.TextContent),
        _ => false,
    };

    /// <summary>Why the address is not allowed where it stands, or null when it is.</summary>
    public static string? AddressProblem(string value, string element, string attribute)
    {
        var scheme = SchemeOf(value);
        return scheme switch
        {
            null or "http" or "https" => null,
            "mailto" when element == "a" && attribute == "href" => null,
            "data" when element is "img" or "source" && attribute == "src" && RasterImage().IsMatch(Cleaned(value)) => null,
            _ => $"scheme '{scheme}' in \"{value}\"",
        };
    }

    /// <summary>
    /// The scheme a browser reads from an address (lower case), or null for a relative one: leading and trailing C0
    /// controls and spaces are stripped, tabs and newlines removed anywhere (WHATWG URL, "basic URL parser").
    /// </summary>
    public static string? SchemeOf(string value)
    {
        var match = Scheme().Match(Cleaned(value));
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    /// <summary>
    /// True for what a URL field of ours may carry: an absolute http or https URL that parses, with none of the
    /// characters that could end an attribute or start markup where a careless consumer pastes it.
    /// </summary>
    public static bool IsWebUrl(string? value) =>
        value is not null
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
        && value.IndexOfAny(['<', '>', '"', '`', ' ', '\\', '\t', '\n', '\r']) < 0
        && !value.Any(char.IsControl)
        && SchemeOf(value) is "http" or "https";

    private static string Cleaned(string value) =>
        value.Trim(Enumerable.Range(0, 33).Select(c => (char)c).ToArray()).Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex("^data:image/(png|gif|jpe?g|webp|avif|bmp)[;,]", RegexOptions.IgnoreCase)]
    private static partial Regex RasterImage();

    [GeneratedRegex(@"expression|javascript|vbscript|@import|behavior|binding|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveCss();
}
