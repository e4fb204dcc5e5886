using System.Text;

namespace FeedAggregator.Normalising;

/// <summary>
/// Feed HTML made safe to republish: parsed the way a browser parses it, then written back with allow-listed
/// elements and attributes only (<see cref="HtmlAllowList"/>) and every address absolute.
/// </summary>
/// <remarks>
/// Choices the rules leave open:
/// <list type="bullet">
/// <item>Links get <c>rel="nofollow noopener noreferrer"</c> whatever the feed said: we vouch for none of them, and our
/// readers' pages are nobody's business. A link left without content (a stripped tracker image) goes.</item>
/// <item>audio and video always get <c>controls</c>: with scripts gone there is no other way to play them.</item>
/// <item>Markup is parsed as the content of a standards-mode body, as when it is placed in our pages.</item>
/// <item>Output escapes &amp; &lt; &gt; and U+00A0 in text, and &amp; &quot; &lt; &gt; in attribute values, so a
/// value never reads as markup even to a tool that parses carelessly.</item>
/// <item>Broken markup can build trees that do not read back the same once written (foster-parented table content, a
/// heading inside a heading), and so can unwrapping (a heading that sat in an unknown element inside another). When
/// the parse reported errors or an unwrap let kept elements meet, the output is sanitised again until it stops
/// changing, at most three more times, so that Sanitize(Sanitize(x)) == Sanitize(x). Clean markup takes one pass.</item>
/// <item>A base that is not an absolute http or https URI counts as none: relative addresses then stay relative when
/// they cannot be read as carrying a scheme, and go otherwise.</item>
/// <item>Table parts outside their table, source outside picture, audio and video, and track outside audio and video
/// are not written; a link inside a link is unwrapped.</item>
/// </list>
/// </remarks>
internal static partial class HtmlSanitizer
{
    [ThreadStatic]
    private static StringBuilder? threadBuilder;

    /// <summary>Safe HTML for republishing: allow-listed elements and attributes only, every URL absolute against baseUri.</summary>
    public static string Sanitize(string? html, Uri? baseUri)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var special = html.AsSpan().IndexOfAny('<', '&');
        if (special < 0)
        {
            return TrimHtmlSpace(html);
        }

        var resolveAgainst = baseUri is { IsAbsoluteUri: true } && IsHttp(baseUri) ? baseUri : null;
        if (html.AsSpan(special).IndexOf('<') < 0)
        {
            // Text with entities but no tags: decoding and re-escaping gives what the parser would, at a fraction of the cost.
            var builder = RentBuilder();
            AppendEscapedText(builder, DecodeText(html));
            return ToTrimmedString(builder);
        }

        // Output from broken or unwrapped markup may read back as a different tree; see the remarks on the class.
        var output = SanitizeMarkup(html, resolveAgainst, out var unsettled);
        for (var pass = 0; unsettled && pass < 3; pass++)
        {
            var again = SanitizeMarkup(output, resolveAgainst, out unsettled);
            if (string.Equals(again, output, StringComparison.Ordinal))
            {
                break;
            }

            output = again;
        }

        return output;
    }

    internal static StringBuilder RentBuilder()
    {
        // One builder per thread saves an allocation per call; one grown by a huge item is not kept.
        var builder = threadBuilder;
        if (builder is null || builder.Capacity > 64 * 1024)
        {
            builder = threadBuilder = new StringBuilder(1024);
        }

        builder.Clear();
        return builder;
    }

    private static string SanitizeMarkup(string html, Uri? baseUri, out bool unsettled)
    {
        var body = ParseBody(html, out var errors);
        var writer = new Writer(RentBuilder(), baseUri);
        if (body is not null)
        {
            writer.WriteChildren(body, container: null, inLink: false);
        }

        unsettled = errors > 0 || writer.Restructured;
        return ToTrimmedString(writer.Output);
    }

    private static bool IsHtmlSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    private static string TrimHtmlSpace(string text)
    {
        var first = 0;
        var end = text.Length;
        while (first < end && IsHtmlSpace(text[first]))
        {
            first++;
        }

        while (end > first && IsHtmlSpace(text[end - 1]))
        {
            end--;
        }

        return first == 0 && end == text.Length ? text : text[first..end];
    }

    private static string ToTrimmedString(StringBuilder builder)
    {
        var first = 0;
        var end = builder.Length;
        while (first < end && IsHtmlSpace(builder[first]))
        {
            first++;
        }

        while (end > first && IsHtmlSpace(builder[end - 1]))
        {
            end--;
        }

        return builder.ToString(first, end - first);
    }
}
