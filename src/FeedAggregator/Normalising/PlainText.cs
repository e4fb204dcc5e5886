using System.Net;
using System.Text;

namespace FeedAggregator.Normalising;

/// <summary>Plain text out of feed text that may carry HTML: tags dropped (script and style with their content), entities decoded, white space folded.</summary>
internal static class PlainText
{
    public static string From(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        // Most titles and many summaries carry no markup at all: they should not pay for tag stripping.
        if (html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return FoldSpace(html);
        }

        var text = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c != '<')
            {
                text.Append(c);
                i++;
                continue;
            }

            var close = html.IndexOf('>', i + 1);
            if (close < 0)
            {
                break;
            }

            var tag = html.AsSpan(i + 1, close - i - 1);
            i = close + 1;
            var skipTo = StartsWithName(tag, "script") ? "</script" : StartsWithName(tag, "style") ? "</style" : null;
            if (skipTo is not null)
            {
                var end = html.IndexOf(skipTo, i, StringComparison.OrdinalIgnoreCase);
                var gt = end < 0 ? -1 : html.IndexOf('>', end);
                i = gt < 0 ? html.Length : gt + 1;
            }

            // Block-level tags separate words ("<p>one</p><p>two</p>"); inline ones ("<b>x</b>y") do not.
            if (!IsInline(tag))
            {
                text.Append(' ');
            }
        }

        return FoldSpace(WebUtility.HtmlDecode(text.ToString()));
    }

    private static readonly string[] InlineTags = ["a", "b", "i", "u", "em", "strong", "span", "small", "sub", "sup", "abbr", "mark", "code", "q", "s"];

    private static bool IsInline(ReadOnlySpan<char> tag)
    {
        var name = tag.TrimStart('/');
        foreach (var inline in InlineTags)
        {
            if (StartsWithName(name, inline))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithName(ReadOnlySpan<char> tag, string name) =>
        tag.StartsWith(name, StringComparison.OrdinalIgnoreCase)
        && (tag.Length == name.Length || !char.IsAsciiLetterOrDigit(tag[name.Length]));

    private static string FoldSpace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
