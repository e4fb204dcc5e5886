using System.Globalization;

namespace FeedAggregator.Parsing;

/// <summary>
/// Reads the dates feeds carry. It follows the date-time of RFC 2822 §3.3
/// (https://www.rfc-editor.org/rfc/rfc2822#section-3.3) with the obsolete RFC 822/1123 forms of §4.3, RFC 3339
/// (https://www.rfc-editor.org/rfc/rfc3339) and its ISO 8601 profile W3CDTF (https://www.w3.org/TR/NOTE-datetime),
/// and also what feeds write instead: asctime, Unix timestamps, day-first numeric dates and month names in a dozen
/// languages (see <see cref="FeedDateNames"/>). It never throws: text it cannot read keeps its raw form and a null UTC value.
/// </summary>
internal static class FeedDates
{
    // No real date is longer; the cap keeps hostile input from costing more than a glance.
    private const int MaxLength = 128;

    public static FeedDate? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var text = raw.Trim();
        var span = text.AsSpan();
        if (span.Length > MaxLength || (!TryRfc1123(span, out var parts) && !TryRfc3339(span, out parts) && !TryTimestamp(span, out parts) && !TryIso(span, out parts) && !TryWords(span, out parts)))
        {
            return new FeedDate(text, null);
        }

        var utc = parts.ToUtc();
        return new FeedDate(text, utc, utc is not null && (!parts.HasZone || parts.ZoneUnknown));
    }

    // The form most feeds write, exactly as RFC 1123 writes it: "Mon, 27 May 2024 12:00:00 +0300" (or GMT). Read by
    // position, it costs a fraction of the general reader below; anything that deviates by a character goes on to that
    // ("-0000", the zone RFC 2822 uses for "unknown", among them).
    private static bool TryRfc1123(ReadOnlySpan<char> s, out DateParts p)
    {
        p = default;
        if (s.Length < 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' '
            || s[19] != ':' || s[22] != ':' || s[25] != ' ')
        {
            return false;
        }

        var month = EnglishMonth(s.Slice(8, 3));
        if (month < 0 || !FixedDigits(s.Slice(5, 2), out p.Day) || !FixedDigits(s.Slice(12, 4), out p.Year) || !FixedDigits(s.Slice(17, 2), out p.Hour)
            || !FixedDigits(s.Slice(20, 2), out p.Minute) || !FixedDigits(s.Slice(23, 2), out p.Second))
        {
            return false;
        }

        var zone = s[26..];
        if (zone is "GMT" or "UT" or "UTC" or "Z")
        {
            p.Offset = 0;
        }
        else if (zone.Length == 5 && zone[0] is '+' or '-' && FixedDigits(zone.Slice(1, 2), out var hours) && FixedDigits(zone.Slice(3, 2), out var minutes)
            && hours < 24 && minutes < 60 && !(zone[0] == '-' && hours == 0 && minutes == 0))
        {
            p.Offset = (zone[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        }
        else
        {
            return false;
        }

        p.Month = month + 1;
        p.HasTime = true;
        p.HasZone = true;
        return true;
    }

    // The form Atom requires (RFC 3339 without fractions): "2024-05-27T12:00:00Z" or with "+03:00". Read by position like
    // RFC 1123 above; fractions, lower-case separators and every looser ISO 8601 shape go on to TryIso.
    private static bool TryRfc3339(ReadOnlySpan<char> s, out DateParts p)
    {
        p = default;
        if (s.Length is not (20 or 25) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !FixedDigits(s[..4], out p.Year) || !FixedDigits(s.Slice(5, 2), out p.Month) || !FixedDigits(s.Slice(8, 2), out p.Day)
            || !FixedDigits(s.Slice(11, 2), out p.Hour) || !FixedDigits(s.Slice(14, 2), out p.Minute) || !FixedDigits(s.Slice(17, 2), out p.Second))
        {
            return false;
        }

        if (s.Length == 20)
        {
            if (s[19] != 'Z')
            {
                return false;
            }
        }
        else if (s[19] is not ('+' or '-') || s[22] != ':' || !FixedDigits(s.Slice(20, 2), out var hours) || !FixedDigits(s.Slice(23, 2), out var minutes)
            || hours > 23 || minutes > 59 || (s[19] == '-' && hours == 0 && minutes == 0))
        {
            // "-00:00" says the offset is unknown (RFC 3339 §4.3): TryIso reads it as such.
            return false;
        }
        else
        {
            p.Offset = (s[19] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        }

        p.HasTime = true;
        p.HasZone = true;
        return true;
    }

    /// <summary>The month (0–11) of an English abbreviation exactly as RFC 1123 writes it, or -1.</summary>
    private static int EnglishMonth(ReadOnlySpan<char> m) => (m[0], m[1], m[2]) switch
    {
        ('J', 'a', 'n') => 0,
        ('F', 'e', 'b') => 1,
        ('M', 'a', 'r') => 2,
        ('A', 'p', 'r') => 3,
        ('M', 'a', 'y') => 4,
        ('J', 'u', 'n') => 5,
        ('J', 'u', 'l') => 6,
        ('A', 'u', 'g') => 7,
        ('S', 'e', 'p') => 8,
        ('O', 'c', 't') => 9,
        ('N', 'o', 'v') => 10,
        ('D', 'e', 'c') => 11,
        _ => -1,
    };

    private static bool FixedDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool TryTimestamp(ReadOnlySpan<char> s, out DateParts p)
    {
        p = new DateParts { Year = 1970, Month = 1, Day = 1, HasZone = true };
        var digits = s[0] == '@' ? s[1..] : s;

        // 9–10 digits are seconds from 1973 to 2286 and 12–13 are milliseconds over the same years; other
        // lengths are more likely compact dates ("20240501") or noise than timestamps.
        if (digits.Length is not (9 or 10 or 12 or 13))
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            p.Ticks = (p.Ticks * 10) + (c - '0');
        }

        p.Ticks *= digits.Length <= 10 ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;
        return true;
    }

    // W3CDTF and RFC 3339 in extended form, plus ISO 8601 basic form ("20240501T100000Z"). A space may stand for
    // "T" (RFC 3339 §5.6 allows it) and may precede the zone. Anything else goes on to TryWords.
    private static bool TryIso(ReadOnlySpan<char> s, out DateParts p)
    {
        p = new DateParts { Month = 1, Day = 1 };
        var i = 0;
        if (!Field(s, ref i, '\0', 4, out p.Year) || i == s.Length)
        {
            return i == s.Length;
        }

        var basic = char.IsAsciiDigit(s[i]);
        var (dateSeparator, timeSeparator) = basic ? ('\0', '\0') : ('-', ':');
        if (!Field(s, ref i, dateSeparator, 2, out p.Month) || i == s.Length)
        {
            // ISO 8601 has "2024-05" but not "202405", which would read as a year and a half-month.
            return i == s.Length && !basic;
        }

        if (!Field(s, ref i, dateSeparator, 2, out p.Day) || i == s.Length)
        {
            return i == s.Length;
        }

        if (s[i] is not ('T' or 't' or ' ') || (basic && s[i] == ' '))
        {
            return false;
        }

        i++;
        if (!Field(s, ref i, '\0', 2, out p.Hour) || !Field(s, ref i, timeSeparator, 2, out p.Minute))
        {
            return false;
        }

        p.HasTime = true;
        if (Field(s, ref i, timeSeparator, 2, out p.Second) && i + 1 < s.Length && s[i] is '.' or ',' && char.IsAsciiDigit(s[i + 1]))
        {
            i = Fraction(s, i + 1, out p.Ticks);
        }

        i += i < s.Length && s[i] == ' ' ? 1 : 0;
        if (i < s.Length && s[i] is 'Z' or 'z')
        {
            p.HasZone = true;
            i++;
        }
        else if (i < s.Length && (!IsSign(s[i]) || !ReadOffset(s, ref i, ref p)))
        {
            return false;
        }

        return i == s.Length;
    }

    // Everything that is not ISO: RFC 822/1123/2822 and their real-world variants, asctime, numeric dates and
    // dates in words. Tokens may come in any order; each fills the slot its shape points to, and a token that
    // fits no slot (an unknown word, a second year) rejects the whole text rather than guessing.
    private static bool TryWords(ReadOnlySpan<char> s, out DateParts p)
    {
        p = default;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            bool read;
            if (char.IsAsciiDigit(c))
            {
                read = ReadNumber(s, ref i, ref p);
            }
            else if (IsWordChar(c))
            {
                read = ReadWord(s, ref i, ref p);
            }
            else if (IsSign(c) && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])
                && (p.HasTime || (p.Day != 0 && p.Month != 0 && p.Year != 0)))
            {
                // Before the date is complete a dash is a separator ("10-Jun-2003"); after it, a zone offset.
                read = ReadOffset(s, ref i, ref p);
            }
            else if (c == '(')
            {
                // RFC 2822 comments, in practice "(EST)" after an offset that already says it.
                var close = s[i..].IndexOf(')');
                (read, i) = (close >= 0, i + close + 1);
            }
            else
            {
                read = char.IsWhiteSpace(c) || c is ',' or '.' or '/' or '-' or ';';
                i++;
            }

            if (!read)
            {
                return false;
            }
        }

        return p.Year != 0 && p.Month != 0 && p.Day != 0;
    }

    private static bool ReadNumber(ReadOnlySpan<char> s, ref int i, ref DateParts p)
    {
        var start = i;
        var value = Digits(s, ref i);
        var count = i - start;
        if (count > 4)
        {
            return false;
        }

        var next = i < s.Length ? s[i] : '\0';
        var end = i;
        if (count <= 2 && next is ':' or 'h' or 'H' && Field(s, ref end, next, 2, out var minute))
        {
            // "14:30" and the French "14h30"; a second time in the same text means it is not one date.
            var first = !p.HasTime;
            (p.Hour, p.Minute, p.HasTime, i) = (value, minute, true, end);
            if (next == ':' && Field(s, ref i, ':', 2, out p.Second) && i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
            {
                i = Fraction(s, i + 1, out p.Ticks);
            }

            return first && (i == s.Length || !char.IsAsciiDigit(s[i]));
        }

        if (next is '.' or '/' or '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
        {
            return ReadNumericDate(s, ref i, value, count, ref p);
        }

        switch (count)
        {
            case 4 when p.Year == 0 && value != 0:
                p.Year = value;
                return true;
            case <= 2 when p.Day == 0 && value != 0:
                p.Day = value;
                return true;
            case 2 when p.Day != 0 && p.Year == 0:
                // RFC 2822 §4.3 obs-year: a two-digit year follows the day ("10 Jun 03").
                p.Year = TwoDigitYear(value);
                return true;
            default:
                return false;
        }
    }

    private static bool ReadNumericDate(ReadOnlySpan<char> s, ref int i, int first, int firstCount, ref DateParts p)
    {
        var separator = s[i++];
        var start = i;
        var second = Digits(s, ref i);
        if (i - start > 2 || i + 1 >= s.Length || s[i] != separator || !char.IsAsciiDigit(s[i + 1]))
        {
            return false;
        }

        start = ++i;
        var third = Digits(s, ref i);
        var thirdCount = i - start;
        var free = p.Day == 0 && p.Year == 0 && (p.Month == 0 || p.MonthWeak);

        // Dotted dates are day-first wherever they are written. Slashed and dashed dates are day-first in
        // Europe and month-first in the US; when the first number cannot be a month the text says which,
        // otherwise the US reading wins, because English-language feeds write most of the slashed dates.
        var yearFirst = firstCount == 4;
        var dayFirst = separator == '.' || first > 12;
        var (day, month) = yearFirst ? (third, second) : dayFirst ? (first, second) : (second, first);
        var year = yearFirst ? first : thirdCount == 2 ? TwoDigitYear(third) : third;
        (p.Year, p.Month, p.Day, p.MonthWeak) = (year, month, day, false);
        return free && (yearFirst ? thirdCount <= 2 : firstCount <= 2 && thirdCount is 2 or 4)
            && year != 0 && month != 0 && day != 0;
    }

    private static bool ReadWord(ReadOnlySpan<char> s, ref int i, ref DateParts p)
    {
        var start = i;
        while (i < s.Length && (IsWordChar(s[i])
            || (FeedDateNames.IsApostrophe(s[i]) && i + 1 < s.Length && IsWordChar(s[i + 1]))))
        {
            i++;
        }

        var word = s[start..i];

        // Zones follow the time, and only there is a lone letter a zone rather than a preposition.
        if (p.HasTime && !p.HasZone)
        {
            if (FeedDateNames.TryZone(word, out var minutes))
            {
                (p.Offset, p.HasZone) = (minutes, true);
                return true;
            }

            // RFC 2822 §4.3: military zones were defined with the wrong sign in RFC 822, so their offsets
            // carry no information; read them as UTC and say the zone was not known.
            if (word.Length == 1 && char.IsAsciiLetter(word[0]) && word[0] is not ('J' or 'j'))
            {
                (p.HasZone, p.ZoneUnknown) = (true, true);
                return true;
            }
        }

        var code = FeedDateNames.Classify(word);
        switch (code)
        {
            case FeedDateNames.Weekday or FeedDateNames.Filler:
                return true;
            case FeedDateNames.Am or FeedDateNames.Pm:
                var twelveHour = p.HasTime && p.Hour is >= 1 and <= 12;
                p.Hour = (p.Hour % 12) + (code == FeedDateNames.Pm ? 12 : 0);
                return twelveHour;
            case >= 1 and <= 12:
                // Weekdays are never trusted, but a month written twice means the text is not one date.
                var fresh = p.Month == 0 || p.MonthWeak;
                (p.Month, p.MonthWeak) = (code, false);
                return fresh;
            case > FeedDateNames.MonthOrWeekday:
                // "mar" is Tuesday before a month name and March otherwise, so it only fills an empty month.
                if (p.Month == 0)
                {
                    (p.Month, p.MonthWeak) = (code - FeedDateNames.MonthOrWeekday, true);
                }

                return true;
            default:
                // A zone before any time ("10 Jun 2003 GMT"), or repeated after an offset ("-0500 EST").
                var known = FeedDateNames.TryZone(word, out var zone);
                if (known && !p.HasZone)
                {
                    (p.Offset, p.HasZone) = (zone, true);
                }

                return known;
        }
    }

    // ±h, ±hh, ±hhmm or ±hh:mm. RFC 2822 and RFC 3339 both use "-0000" / "-00:00" for "local time, zone unknown".
    private static bool ReadOffset(ReadOnlySpan<char> s, ref int i, ref DateParts p)
    {
        var negative = s[i] != '+';
        var start = ++i;
        var value = Digits(s, ref i);
        var digits = i - start;
        var (hours, minutes) = digits == 4 ? (value / 100, value % 100) : (value, 0);
        if (digits <= 2 && Field(s, ref i, ':', 2, out var colonMinutes))
        {
            minutes = colonMinutes;
        }

        var total = (hours * 60) + minutes;
        (p.Offset, p.HasZone, p.ZoneUnknown) = (negative ? -total : total, true, negative && total == 0);
        return digits is 1 or 2 or 4 && hours <= 23 && minutes <= 59;
    }

    private static int Fraction(ReadOnlySpan<char> s, int i, out long ticks)
    {
        // Ticks are 100 ns, so digits past the seventh are below what DateTimeOffset can hold.
        ticks = 0;
        var scale = TimeSpan.TicksPerSecond;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            scale /= 10;
            ticks += (s[i] - '0') * scale;
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<char> s, ref int i)
    {
        var value = 0;
        var start = i;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            // Runs longer than any date field are rejected by the caller; stop accumulating before overflow.
            if (i - start < 9)
            {
                value = (value * 10) + (s[i] - '0');
            }
        }

        return value;
    }

    // A separator ('\0' for none) and then exactly count digits; on failure i stays where it was and value is 0.
    private static bool Field(ReadOnlySpan<char> s, ref int i, char separator, int count, out int value)
    {
        value = 0;
        var start = separator == '\0' ? i : i + 1;
        if (start + count > s.Length || (separator != '\0' && s[i] != separator))
        {
            return false;
        }

        var number = 0;
        foreach (var c in s.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        (value, i) = (number, start + count);
        return true;
    }

    private static bool IsSign(char c) => c is '+' or '-' or '−';

    private static int TwoDigitYear(int year) => year < 50 ? 2000 + year : 1900 + year;

    private static bool IsWordChar(char c) =>
        char.IsLetter(c) || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private struct DateParts
    {
        public int Year, Month, Day, Hour, Minute, Second, Offset;
        public long Ticks; // below a second, or the whole of a Unix timestamp

        // ZoneUnknown: the zone was written but says nothing ("-0000", military letters). MonthWeak: the month came
        // from a word that may instead be a weekday ("mar"), so a later month name replaces it.
        public bool HasTime, HasZone, ZoneUnknown, MonthWeak;

        public readonly DateTimeOffset? ToUtc()
        {
            if (Year is < 1 or > 9999 || Month is < 1 or > 12 || Day < 1 || Day > DateTime.DaysInMonth(Year, Month)
                || Hour > 24 || Minute > 59 || Second > 60 || (Hour == 24 && (Minute != 0 || Second != 0 || Ticks != 0)))
            {
                return null;
            }

            // 24:00 is the end of the day, i.e. midnight of the next; 60 is a leap second, which DateTime cannot hold.
            var ticks = new DateTime(Year, Month, Day, 0, 0, 0, DateTimeKind.Utc).Ticks
                + (Hour * TimeSpan.TicksPerHour) + (Minute * TimeSpan.TicksPerMinute)
                + (Math.Min(Second, 59) * TimeSpan.TicksPerSecond) + Ticks - (Offset * TimeSpan.TicksPerMinute);
            return ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
                ? null
                : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }
}
