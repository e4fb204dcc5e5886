using System.Collections.Frozen;

namespace FeedAggregator.Normalising;

/// <summary>What the sanitiser does with an element, and whether a reader would see its text.</summary>
internal enum ElementAction : byte
{
    /// <summary>Drop the tag, keep the (sanitised) children.</summary>
    Unwrap,

    /// <summary>Keep the element with its allow-listed attributes.</summary>
    Keep,

    /// <summary>Drop the element with everything inside it.</summary>
    Remove,
}

/// <summary>How an element's text joins its neighbours in <see cref="PlainText"/>.</summary>
internal enum TextLayout : byte
{
    /// <summary>Runs on: "Tra&lt;b&gt;ff&lt;/b&gt;icking" is one word.</summary>
    Inline,

    /// <summary>Starts and ends a word: paragraphs, cells, line breaks, images.</summary>
    Block,

    /// <summary>Never rendered (script, style, metadata): no text and no word break.</summary>
    Hidden,

    /// <summary>Rendered as a box we do not keep (form controls, embedded documents): no text, but a word break.</summary>
    HiddenBlock,
}

internal enum AttributeKind : byte
{
    /// <summary>Free text, kept as it is (escaped on output).</summary>
    Text,

    /// <summary>A link target: http, https or mailto.</summary>
    Link,

    /// <summary>An image source: http, https, or a raster data: image.</summary>
    ImageSource,

    /// <summary>Any other fetched or cited address: http or https only.</summary>
    Url,

    /// <summary>A comma-separated list of image candidates, each address checked as <see cref="Url"/>.</summary>
    SrcSet,

    /// <summary>A width or height: digits, optionally a percentage.</summary>
    Dimension,

    /// <summary>A whole number (colspan, start).</summary>
    Integer,

    /// <summary>Present or absent; written without a value.</summary>
    Boolean,
}

internal sealed class ElementRule(string name, ElementAction action, TextLayout layout, bool isVoid, FrozenDictionary<string, AttributeKind> attributes)
{
    public string Name { get; } = name;

    public ElementAction Action { get; } = action;

    public TextLayout Layout { get; } = layout;

    /// <summary>Void elements have no end tag and no children.</summary>
    public bool IsVoid { get; } = isVoid;

    /// <summary>Allowed attributes, the global ones included.</summary>
    public FrozenDictionary<string, AttributeKind> Attributes { get; } = attributes;
}

/// <summary>
/// The elements and attributes news HTML may keep. Names not listed here are unknown: their tag is dropped and
/// their children kept, and their text runs inline (browsers render unknown elements inline).
/// </summary>
internal static class HtmlAllowList
{
    private static readonly FrozenDictionary<string, AttributeKind> None = FrozenDictionary<string, AttributeKind>.Empty;

    // Every kept element may carry these; nothing here can run script or pull anything in.
    private static readonly (string Name, AttributeKind Kind)[] Global =
    [
        ("title", AttributeKind.Text),
        ("lang", AttributeKind.Text),
        ("dir", AttributeKind.Text),
    ];

    private static readonly FrozenDictionary<string, ElementRule> Elements = Build();

    /// <summary>Every rule by element name.</summary>
    public static FrozenDictionary<string, ElementRule> Rules => Elements;

    /// <summary>The rule for an HTML element's local name (lower case, as the parser gives it), or null when unknown.</summary>
    public static ElementRule? Find(string localName) => Elements.GetValueOrDefault(localName);

    /// <summary>Names of every element the sanitiser may write.</summary>
    public static IEnumerable<string> KeptElements
    {
        get
        {
            foreach (var rule in Elements.Values)
            {
                if (rule.Action == ElementAction.Keep)
                {
                    yield return rule.Name;
                }
            }
        }
    }

    private static FrozenDictionary<string, ElementRule> Build()
    {
        var rules = new Dictionary<string, ElementRule>(StringComparer.Ordinal);

        void Keep(TextLayout layout, bool isVoid, string[] names, params (string Name, AttributeKind Kind)[] attributes)
        {
            var allowed = new Dictionary<string, AttributeKind>(StringComparer.Ordinal);
            foreach (var (name, kind) in Global)
            {
                allowed[name] = kind;
            }

            foreach (var (name, kind) in attributes)
            {
                allowed[name] = kind;
            }

            var frozen = allowed.ToFrozenDictionary(StringComparer.Ordinal);
            foreach (var name in names)
            {
                rules.Add(name, new ElementRule(name, ElementAction.Keep, layout, isVoid, frozen));
            }
        }

        void Other(ElementAction action, TextLayout layout, params string[] names)
        {
            foreach (var name in names)
            {
                rules.Add(name, new ElementRule(name, action, layout, isVoid: false, None));
            }
        }

        Keep(TextLayout.Inline, false, ["b", "strong", "i", "em", "u", "s", "strike", "sub", "sup", "small", "big", "mark", "cite", "abbr", "code", "kbd", "samp", "span"]);
        Keep(TextLayout.Inline, false, ["a"], ("href", AttributeKind.Link), ("hreflang", AttributeKind.Text));
        Keep(TextLayout.Inline, false, ["q"], ("cite", AttributeKind.Url));
        Keep(TextLayout.Inline, false, ["del", "ins"], ("cite", AttributeKind.Url), ("datetime", AttributeKind.Text));
        Keep(TextLayout.Inline, false, ["time"], ("datetime", AttributeKind.Text));
        Keep(TextLayout.Inline, true, ["wbr"]);
        Keep(TextLayout.Block, true, ["br", "hr"]);
        Keep(TextLayout.Block, false, [
            "p", "pre", "ul", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
            "table", "thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption", "picture",
            "div", "section", "article", "header", "footer", "aside", "summary",
        ]);
        Keep(TextLayout.Block, false, ["blockquote"], ("cite", AttributeKind.Url));
        Keep(TextLayout.Block, false, ["ol"], ("start", AttributeKind.Integer), ("reversed", AttributeKind.Boolean), ("type", AttributeKind.Text));
        Keep(TextLayout.Block, false, ["li"], ("value", AttributeKind.Integer));
        Keep(TextLayout.Block, false, ["details"], ("open", AttributeKind.Boolean));
        Keep(TextLayout.Block, false, ["td", "th"], ("colspan", AttributeKind.Integer), ("rowspan", AttributeKind.Integer), ("scope", AttributeKind.Text));
        Keep(TextLayout.Block, false, ["colgroup"], ("span", AttributeKind.Integer));
        Keep(TextLayout.Block, true, ["col"], ("span", AttributeKind.Integer));
        Keep(TextLayout.Block, true, ["img"],
            ("src", AttributeKind.ImageSource), ("srcset", AttributeKind.SrcSet), ("sizes", AttributeKind.Text),
            ("alt", AttributeKind.Text), ("width", AttributeKind.Dimension), ("height", AttributeKind.Dimension));
        Keep(TextLayout.Block, false, ["audio", "video"],
            ("src", AttributeKind.Url), ("poster", AttributeKind.Url), ("width", AttributeKind.Dimension), ("height", AttributeKind.Dimension));
        Keep(TextLayout.Block, true, ["source"],
            ("src", AttributeKind.Url), ("srcset", AttributeKind.SrcSet), ("sizes", AttributeKind.Text), ("type", AttributeKind.Text), ("media", AttributeKind.Text));
        Keep(TextLayout.Block, true, ["track"],
            ("src", AttributeKind.Url), ("kind", AttributeKind.Text), ("srclang", AttributeKind.Text), ("label", AttributeKind.Text), ("default", AttributeKind.Boolean));

        // Active content, forms, foreign content and document metadata go with everything inside: their text is code,
        // fallback or control labels, not part of the story. noembed and noframes join them because browsers never
        // show their content.
        Other(ElementAction.Remove, TextLayout.Hidden,
            "script", "style", "template", "noscript", "noembed", "noframes", "frame", "frameset",
            "base", "meta", "link", "title", "head");
        Other(ElementAction.Remove, TextLayout.HiddenBlock,
            "iframe", "object", "embed", "applet", "form", "input", "button", "select", "textarea", "svg", "math");

        // Known elements we unwrap: listed only so that PlainText breaks words around the block-level ones;
        // anything unlisted is unwrapped and inline anyway.
        Other(ElementAction.Unwrap, TextLayout.Block,
            "address", "center", "dialog", "dir", "fieldset", "legend", "hgroup", "listing", "main", "menu", "nav",
            "search", "xmp", "plaintext", "marquee", "option", "optgroup", "body", "html");

        return rules.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
