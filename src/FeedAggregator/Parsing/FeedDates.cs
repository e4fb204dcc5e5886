using System.Globalization;

namespace FeedAggregator.Parsing;

/// <summary>
/// Reads the dates feeds write: RFC 822/1123 as amended by RFC 2822 (https://www.rfc-editor.org/rfc/rfc2822#section-3.3)
/// with its common deviations, and RFC 3339 / W3CDTF (https://www.w3.org/TR/NOTE-datetime). Never throws:
/// a date that cannot be read keeps its raw text and a null UTC value. A date without a zone is read as UTC.
/// </summary>
internal static class FeedDates
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, int> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5 * 60, ["EDT"] = -4 * 60, ["CST"] = -6 * 60, ["CDT"] = -5 * 60,
        ["MST"] = -7 * 60, ["MDT"] = -6 * 60, ["PST"] = -8 * 60, ["PDT"] = -7 * 60,
        ["MSK"] = 3 * 60, ["MSD"] = 4 * 60, ["CET"] = 60, ["CEST"] = 2 * 60, ["EET"] = 2 * 60, ["EEST"] = 3 * 60,
        ["BST"] = 60, ["IST"] = 5 * 60 + 30, ["JST"] = 9 * 60, ["AEST"] = 10 * 60,
    };

    public static FeedDate? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var text = raw.Trim();
        return new FeedDate(text, TryIso(text) ?? TryRfc822(text));
    }

    private static DateTimeOffset? TryIso(string text)
    {
        if (text.Length < 4 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[3]))
        {
            return null;
        }

        string[] formats =
        [
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
            "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd", "yyyy-MM", "yyyy",
        ];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value.ToUniversalTime()
            : null;
    }

    private static DateTimeOffset? TryRfc822(string text)
    {
        var tokens = text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        if (i < tokens.Length && tokens[i].Length >= 3 && char.IsLetter(tokens[i][0]))
        {
            i++; // weekday, never trusted
        }

        if (i + 2 >= tokens.Length)
        {
            return null;
        }

        if (!int.TryParse(tokens[i], NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return null;
        }

        var month = MonthOf(tokens[i + 1]);
        if (month == 0 || !int.TryParse(tokens[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        year = tokens[i + 2].Length <= 2 ? (year < 50 ? 2000 + year : 1900 + year) : year;
        i += 3;
        var (hour, minute, second) = (0, 0, 0);
        if (i < tokens.Length && tokens[i].Contains(':', StringComparison.Ordinal))
        {
            var parts = tokens[i].Split(':');
            if (!int.TryParse(parts[0], CultureInfo.InvariantCulture, out hour)
                || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out minute)
                || (parts.Length > 2 && !int.TryParse(parts[2], CultureInfo.InvariantCulture, out second)))
            {
                return null;
            }

            i++;
        }

        var offset = i < tokens.Length ? ZoneOffset(tokens[i]) : 0;
        if (offset is null)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offset.Value)).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static int MonthOf(string token)
    {
        if (token.Length < 3)
        {
            return 0;
        }

        var prefix = token[..3].ToLowerInvariant();
        return Array.IndexOf(Months, prefix) + 1;
    }

    private static int? ZoneOffset(string zone)
    {
        if (NamedZones.TryGetValue(zone, out var named))
        {
            return named;
        }

        if ((zone.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || zone.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)) && zone.Length > 3)
        {
            zone = zone[3..];
        }

        if (zone.Length >= 2 && zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            var minutes = digits.Length <= 2 ? number * 60 : (number / 100 * 60) + (number % 100);
            return zone[0] == '-' ? -minutes : minutes;
        }

        // Military single letters are too often wrong to trust (RFC 2822 section 4.3); read them as UTC.
        return zone.Length == 1 && char.IsAsciiLetter(zone[0]) ? 0 : null;
    }
}
