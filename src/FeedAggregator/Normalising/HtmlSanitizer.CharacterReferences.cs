using System.Text;
using AngleSharp.Html;

namespace FeedAggregator.Normalising;

internal static partial class HtmlSanitizer
{
    /// <summary>Character references in text decoded as the HTML parser decodes them outside attributes; CR LF folded to LF, NUL dropped.</summary>
    internal static string DecodeText(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '\r', '\0') < 0)
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var next = text.AsSpan(i).IndexOfAny('&', '\r', '\0');
            if (next < 0)
            {
                decoded.Append(text, i, text.Length - i);
                break;
            }

            decoded.Append(text, i, next);
            i += next;
            switch (text[i])
            {
                case '&':
                    i = AppendReference(decoded, text, i);
                    break;
                case '\r':
                    decoded.Append('\n');
                    i += i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return decoded.ToString();
    }

    /// <summary>Decodes the character reference at <paramref name="ampersand"/> (or keeps the '&amp;') and returns where the text goes on.</summary>
    private static int AppendReference(StringBuilder output, string text, int ampersand)
    {
        var i = ampersand + 1;
        if (i < text.Length && text[i] == '#')
        {
            var j = i + 1;
            var hex = j < text.Length && text[j] is 'x' or 'X';
            if (hex)
            {
                j++;
            }

            var digits = j;
            var code = 0;
            while (j < text.Length && (hex ? char.IsAsciiHexDigit(text[j]) : char.IsAsciiDigit(text[j])))
            {
                // Past U+10FFFF the value no longer matters: it becomes U+FFFD.
                var digit = text[j] <= '9' ? text[j] - '0' : (text[j] | 0x20) - 'a' + 10;
                code = Math.Min((code * (hex ? 16 : 10)) + digit, 0x110000);
                j++;
            }

            if (j == digits)
            {
                output.Append('&');
                return i;
            }

            if (j < text.Length && text[j] == ';')
            {
                j++;
            }

            AppendCodePoint(output, code);
            return j;
        }

        var nameEnd = i;
        while (nameEnd < text.Length && nameEnd - i < 32 && char.IsAsciiLetterOrDigit(text[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd > i)
        {
            var entities = HtmlEntityProvider.Resolver;
            if (nameEnd < text.Length && text[nameEnd] == ';' && entities.GetSymbol(text.Substring(i, nameEnd - i + 1)) is { } symbol)
            {
                output.Append(symbol);
                return nameEnd + 1;
            }

            // Names from HTML 4's Latin-1 set are still read without the semicolon ("&copy 2024"); the longest is six letters.
            for (var length = Math.Min(nameEnd - i, 6); length >= 2; length--)
            {
                if (entities.GetSymbol(text.Substring(i, length)) is { } legacy)
                {
                    output.Append(legacy);
                    return i + length;
                }
            }
        }

        output.Append('&');
        return i;
    }

    private static void AppendCodePoint(StringBuilder output, int code)
    {
        if (code == 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            output.Append('\uFFFD');
        }
        else if (HtmlEntityProvider.IsInCharacterTable(code))
        {
            // 0x80-0x9F name Windows-1252 characters, as in "&#150;" for an en dash.
            output.Append(HtmlEntityProvider.GetSymbolFromTable(code));
        }
        else if (code <= 0xFFFF)
        {
            output.Append((char)code);
        }
        else
        {
            output.Append(char.ConvertFromUtf32(code));
        }
    }
}
