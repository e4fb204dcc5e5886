using System.Text;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// XmlReader settings and reading helpers shared by the XML formats.
/// DTDs are ignored, never processed, and nothing external is ever resolved (no XXE, no billion laughs).
/// </summary>
internal static class SafeXml
{
    public const int MaxDepth = 64;

    public static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CheckCharacters = false,
        CloseInput = false,
    };

    /// <summary>Reads the text of the current element, concatenating text and CDATA of any children, and moves past its end.</summary>
    public static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        reader.Read();
        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
        {
            var first = reader.Value;
            reader.Read();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                reader.Read();
                return first.Trim();
            }

            return Collect(reader, depth, new StringBuilder(first));
        }

        return Collect(reader, depth, new StringBuilder());
    }

    private static string Collect(XmlReader reader, int depth, StringBuilder text)
    {
        while (reader.Depth > depth)
        {
            if (reader.Depth > MaxDepth)
            {
                throw new XmlException($"elements nested deeper than {MaxDepth}");
            }

            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                text.Append(reader.Value);
            }

            if (!reader.Read())
            {
                break;
            }
        }

        reader.Read();
        return text.ToString().Trim();
    }

    /// <summary>Reads the markup inside the current element (inline XHTML), and moves past its end.</summary>
    public static string ReadMarkup(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        return reader.ReadInnerXml().Trim();
    }

    /// <summary>Positions the reader on the first child element of the current element, or past it when it has none.</summary>
    public static bool EnterChildren(XmlReader reader, out int depth)
    {
        depth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return false;
        }

        reader.Read();
        return true;
    }

    /// <summary>Moves to the next element child of the element entered at <paramref name="depth"/>; false once it is left.</summary>
    public static bool NextChild(XmlReader reader, int depth)
    {
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (reader.Depth > MaxDepth)
                {
                    throw new XmlException($"elements nested deeper than {MaxDepth}");
                }

                return true;
            }

            if (!reader.Read())
            {
                return false;
            }
        }

        reader.Read();
        return false;
    }

    public static string? Resolve(Uri? baseUri, string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        href = href.Trim();
        // On Unix a rooted path parses as an absolute file URI; a feed's "/x" is relative to its base.
        if (baseUri is null || (href[0] != '/' && Uri.TryCreate(href, UriKind.Absolute, out _)))
        {
            return href;
        }

        return Uri.TryCreate(baseUri, href, out var resolved) ? resolved.AbsoluteUri : href;
    }
}
