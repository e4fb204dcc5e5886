using System.Net;
using System.Text;

namespace FeedAggregator.Parsing;

/// <summary>
/// Mends the ways real feeds break XML 1.0 (https://www.w3.org/TR/xml/), for a second reading after the first one
/// failed: text before the root, HTML entities XML does not define (mapped with the HTML entity table,
/// https://html.spec.whatwg.org/multipage/named-characters.html), bare ampersands, and characters XML forbids
/// (§2.2). Each kind of fix is reported.
/// </summary>
internal static class XmlRepair
{
    private static readonly string[] RootStarts = ["<?xml", "<rss", "<RSS", "<rdf:RDF", "<RDF", "<feed", "<!DOCTYPE", "<!doctype"];

    /// <summary>The mended text, and what was mended; <paramref name="fixes"/> is empty when nothing could be.</summary>
    public static string Repair(string text, out List<string> fixes, out bool onlyEntities)
    {
        fixes = [];
        var start = FirstRootStart(text);
        if (start > 0)
        {
            fixes.Add($"skipped {start} character(s) before the XML");
        }

        var output = new StringBuilder(text.Length + 64);
        var (entities, ampersands, controls) = (0, 0, 0);
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '&')
            {
                var end = EntityEnd(text, i);
                if (end < 0)
                {
                    output.Append("&amp;");
                    ampersands++;
                    continue;
                }

                var entity = text.AsSpan(i, end - i + 1);
                if (IsXmlReference(entity))
                {
                    output.Append(entity);
                }
                else if (WebUtility.HtmlDecode(entity.ToString()) is var decoded && decoded != entity.ToString())
                {
                    foreach (var rune in decoded.EnumerateRunes())
                    {
                        if (IsXmlChar(rune.Value))
                        {
                            output.Append("&#").Append(rune.Value).Append(';');
                        }
                    }

                    entities++;
                }
                else
                {
                    output.Append("&amp;");
                    ampersands++;
                    continue;
                }

                i = end;
            }
            else if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
            {
                controls++;
            }
            else
            {
                output.Append(c);
            }
        }

        Report(fixes, entities, "replaced {0} HTML entit(y|ies) XML does not define");
        Report(fixes, ampersands, "escaped {0} bare '&'");
        Report(fixes, controls, "dropped {0} character(s) XML forbids");
        onlyEntities = start == 0 && ampersands == 0 && controls == 0 && entities > 0;
        return fixes.Count == 0 ? text : output.ToString();
    }

    private static void Report(List<string> fixes, int count, string template)
    {
        if (count > 0)
        {
            var plural = count == 1 ? "y" : "ies";
            fixes.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, count).Replace("(y|ies)", plural, StringComparison.Ordinal));
        }
    }

    private static int FirstRootStart(string text)
    {
        var first = text.AsSpan().IndexOfAnyExcept(" \t\r\n\uFEFF");
        if (first < 0 || text[first] == '<' && (first + 1 < text.Length && text[first + 1] is '?' or '!' || StartsRoot(text, first)))
        {
            return 0;
        }

        var best = -1;
        foreach (var marker in RootStarts)
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return Math.Max(best, 0);
    }

    private static bool StartsRoot(string text, int at) =>
        RootStarts.Any(m => text.AsSpan(at).StartsWith(m, StringComparison.Ordinal));

    /// <summary>Index of the ';' closing a plausible reference at <paramref name="start"/>, or -1.</summary>
    private static int EntityEnd(string text, int start)
    {
        for (var i = start + 1; i < text.Length && i - start <= 32; i++)
        {
            var c = text[i];
            if (c == ';')
            {
                return i > start + 1 ? i : -1;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '#')
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsXmlReference(ReadOnlySpan<char> entity) =>
        entity is "&amp;" or "&lt;" or "&gt;" or "&quot;" or "&apos;"
        || (entity.Length > 3 && entity[1] == '#' && IsCharacterReference(entity[2..^1]));

    private static bool IsCharacterReference(ReadOnlySpan<char> digits) =>
        digits[0] is 'x' or 'X'
            ? digits.Length > 1 && int.TryParse(digits[1..], System.Globalization.NumberStyles.HexNumber, null, out var hex) && IsXmlChar(hex)
            : int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var dec) && IsXmlChar(dec);

    private static bool IsXmlChar(int code) =>
        code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
}
