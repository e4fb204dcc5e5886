using System.Buffers;
using System.Text;
using AngleSharp.Dom;

namespace FeedAggregator.Normalising;

/// <summary>
/// Plain text out of feed text that may carry HTML, for matching and search: the text a reader of the sanitised HTML
/// would see, with white space folded.
/// </summary>
/// <remarks>
/// Markup goes through the same browser-grade parse as <see cref="HtmlSanitizer"/>, so "a &lt; b", attributes holding
/// '&gt;' and unclosed tags come out as a browser shows them. Elements the sanitiser removes with their content
/// (script, style, template, forms, embedded documents, SVG) give no text here either. Block elements, line breaks and
/// images separate words; inline and unknown elements do not.
/// </remarks>
internal static class PlainText
{
    private static readonly SearchValues<char> SpacesButBlank = SearchValues.Create(AllSpacesButBlank());

    public static string From(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        // Most titles and many summaries carry no markup at all: they should not pay for a parse.
        var special = html.AsSpan().IndexOfAny('<', '&');
        if (special < 0)
        {
            return Fold(html);
        }

        var text = new Folder(HtmlSanitizer.RentBuilder());
        if (html.AsSpan(special).IndexOf('<') < 0)
        {
            text.Append(HtmlSanitizer.DecodeText(html));
            return text.ToString();
        }

        if (HtmlSanitizer.ParseBody(html) is { } body)
        {
            var nodes = body.ChildNodes;
            for (var i = 0; i < nodes.Length; i++)
            {
                Collect(nodes[i], ref text);
            }
        }

        return text.ToString();
    }

    private static void Collect(INode node, ref Folder text)
    {
        if (node.NodeType == NodeType.Text)
        {
            text.Append(((ICharacterData)node).Data);
            return;
        }

        if (node.NodeType != NodeType.Element)
        {
            return;
        }

        var element = (IElement)node;
        if (!string.Equals(element.NamespaceUri, NamespaceNames.HtmlUri, StringComparison.Ordinal))
        {
            return;
        }

        var layout = HtmlAllowList.Find(element.LocalName)?.Layout ?? TextLayout.Inline;
        switch (layout)
        {
            case TextLayout.Hidden:
                return;
            case TextLayout.HiddenBlock:
                text.Break();
                return;
            case TextLayout.Block:
                text.Break();
                break;
            default:
                break;
        }

        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            Collect(children[i], ref text);
        }

        if (layout == TextLayout.Block)
        {
            text.Break();
        }
    }

    /// <summary>White space folded to single spaces and trimmed; for text that is not markup.</summary>
    public static string Fold(string text)
    {
        // Text already folded (the usual title) needs no copy: no space first or last, and no space but single ' '.
        var span = text.AsSpan();
        if (span.IsEmpty || (span[0] != ' ' && span[^1] != ' ' && span.IndexOfAny(SpacesButBlank) < 0 && span.IndexOf("  ", StringComparison.Ordinal) < 0))
        {
            return text;
        }

        var folder = new Folder(HtmlSanitizer.RentBuilder());
        folder.Append(text);
        return folder.ToString();
    }

    // Non-breaking and other Unicode spaces count as space; so do control characters, which feeds leak now and then.
    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || char.IsControl(c);

    private static string AllSpacesButBlank()
    {
        var spaces = new StringBuilder();
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            if (c != ' ' && IsSpace(c))
            {
                spaces.Append(c);
            }
        }

        return spaces.ToString();
    }

    /// <summary>Appends text with runs of white space folded to one space, none leading and none trailing.</summary>
    private struct Folder(StringBuilder builder)
    {
        private bool pendingSpace;

        public void Append(string text)
        {
            foreach (var c in text)
            {
                if (IsSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }
        }

        /// <summary>A word break: a space if more text follows.</summary>
        public void Break() => pendingSpace = builder.Length > 0;

        public override readonly string ToString() => builder.ToString();
    }
}
