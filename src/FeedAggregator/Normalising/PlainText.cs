using System.Buffers;
using System.Collections.Frozen;
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

        // What the sanitiser wrote (most item content reaches here that way) is read without building a tree.
        if (ScanSimple(html, ref text))
        {
            return text.ToString();
        }

        return FromTree(html);
    }

    /// <summary>The text of <paramref name="html"/> through the parser's tree, whatever its shape.</summary>
    internal static string FromTree(string html)
    {
        var text = new Folder(HtmlSanitizer.RentBuilder());
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

    /// <summary>The text of <paramref name="html"/> read in one pass, or null when it is not in the shape that allows it.</summary>
    internal static string? FromScan(string html)
    {
        var text = new Folder(HtmlSanitizer.RentBuilder());
        return ScanSimple(html, ref text) ? text.ToString() : null;
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

    private static readonly FrozenDictionary<string, ElementRule>.AlternateLookup<ReadOnlySpan<char>> Rules =
        HtmlAllowList.Rules.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The text of markup in the simple shape <see cref="HtmlSanitizer"/> writes, read in one pass without a parse: start
    /// and end tags of kept elements in lower case with double-quoted attributes, and no character references but
    /// <c>&amp;amp; &amp;lt; &amp;gt; &amp;quot; &amp;nbsp;</c>. For that shape the parser's tree holds the same text
    /// in the same order with the same word breaks, so the result is what the parse gives. False at the first thing
    /// outside it (a comment, another reference, an element the sanitiser does not keep, a table, whose stray text the
    /// parser moves, a raw '&lt;' or '&gt;', NUL, nesting that <see cref="HtmlNesting"/> would cut); the caller then parses
    /// the markup.
    /// </summary>
    private static bool ScanSimple(string html, ref Folder text)
    {
        // Markup the parse would get only with tags unwrapped (deep or heavy nesting, too many tags) is left to it.
        if (!ReferenceEquals(HtmlNesting.Limit(html), html))
        {
            return false;
        }

        var span = html.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            switch (c)
            {
                case '<':
                    if (!ScanTag(span, ref i, ref text))
                    {
                        return false;
                    }

                    break;
                case '&':
                    var rest = span[i..];
                    char decoded;
                    if (rest.StartsWith("&amp;", StringComparison.Ordinal))
                    {
                        (decoded, i) = ('&', i + 5);
                    }
                    else if (rest.StartsWith("&lt;", StringComparison.Ordinal))
                    {
                        (decoded, i) = ('<', i + 4);
                    }
                    else if (rest.StartsWith("&gt;", StringComparison.Ordinal))
                    {
                        (decoded, i) = ('>', i + 4);
                    }
                    else if (rest.StartsWith("&quot;", StringComparison.Ordinal))
                    {
                        (decoded, i) = ('"', i + 6);
                    }
                    else if (rest.StartsWith("&nbsp;", StringComparison.Ordinal))
                    {
                        (decoded, i) = ('\u00A0', i + 6);
                    }
                    else
                    {
                        return false;
                    }

                    text.Append(decoded);
                    break;
                case '>' or '\0':
                    return false;
                default:
                    text.Append(c);
                    i++;
                    break;
            }
        }

        return true;
    }

    private static bool ScanTag(ReadOnlySpan<char> span, ref int i, ref Folder text)
    {
        var at = i + 1;
        var closing = at < span.Length && span[at] == '/';
        if (closing)
        {
            at++;
        }

        var nameStart = at;
        while (at < span.Length && (char.IsAsciiLetterLower(span[at]) || (at > nameStart && char.IsAsciiDigit(span[at]))))
        {
            at++;
        }

        if (at == nameStart || !Rules.TryGetValue(span[nameStart..at], out var rule) || rule.Action != ElementAction.Keep || IsTablePart(rule.Name))
        {
            return false;
        }

        if (!closing)
        {
            // Attributes: name, or name="value" with no '"' inside; separated by white space.
            while (at < span.Length && span[at] is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                at++;
                var attributeStart = at;
                while (at < span.Length && (char.IsAsciiLetterLower(span[at]) || span[at] == '-'))
                {
                    at++;
                }

                if (at == attributeStart)
                {
                    return false;
                }

                if (at < span.Length && span[at] == '=')
                {
                    if (at + 1 >= span.Length || span[at + 1] != '"')
                    {
                        return false;
                    }

                    var end = span[(at + 2)..].IndexOf('"');
                    if (end < 0)
                    {
                        return false;
                    }

                    at += 2 + end + 1;
                }
            }
        }

        if (at >= span.Length || span[at] != '>')
        {
            return false;
        }

        i = at + 1;
        if (rule.Layout == TextLayout.Block)
        {
            text.Break();
        }

        return true;
    }

    private static bool IsTablePart(string name) =>
        name is "table" or "caption" or "colgroup" or "col" or "thead" or "tbody" or "tfoot" or "tr" or "td" or "th";

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

        public void Append(char c)
        {
            if (IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                return;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        public void Append(string text)
        {
            foreach (var c in text)
            {
                Append(c);
            }
        }

        /// <summary>A word break: a space if more text follows.</summary>
        public void Break() => pendingSpace = builder.Length > 0;

        public override readonly string ToString() => builder.ToString();
    }
}
