using System.Globalization;

namespace FeedAggregator.Topics;

/// <summary>
/// A text split into words on Unicode word boundaries (UAX #29, https://unicode.org/reports/tr29/) and folded by
/// <see cref="TextFolding"/>. Two tailorings, both for feeds: a full stop joins digits (<c>3.5</c>) but not letters,
/// because stripped HTML often loses the space after a sentence (<c>victims.The</c>); and a Han or kana character is a
/// word of its own, as the UAX leaves ideographs without a dictionary. The arrays are reused from text to text.
/// </summary>
internal sealed class FoldedWords
{
    private char[] chars = new char[1024];
    private int[] starts = new int[128];
    private int[] lengths = new int[128];
    private int[] sourceStarts = new int[128];
    private int[] sourceLengths = new int[128];
    private int used;

    public int Count { get; private set; }

    /// <summary>The text the source offsets refer to: the input, or its NFKC form when that differs.</summary>
    public string Source { get; private set; } = "";

    public ReadOnlySpan<char> this[int index] => chars.AsSpan(starts[index], lengths[index]);

    public string Word(int index) => new(this[index]);

    public (int Start, int Length) SourceRange(int index) => (sourceStarts[index], sourceLengths[index]);

    public static List<string> Split(string text)
    {
        var words = new FoldedWords();
        words.Read(text);
        return [.. Enumerable.Range(0, words.Count).Select(words.Word)];
    }

    public FoldedWords Read(string? text)
    {
        Count = 0;
        used = 0;
        Source = text is null ? "" : TextFolding.Compose(text);
        var s = Source;
        var i = 0;
        while (i < s.Length)
        {
            var kind = KindAt(s, i);
            if (kind == Kind.Other)
            {
                i++;
                continue;
            }

            if (kind == Kind.Ideograph)
            {
                Begin(i);
                AppendAt(s, ref i);
                End(i);
                continue;
            }

            Begin(i);
            var lastLetter = kind == Kind.Letter;
            while (i < s.Length)
            {
                var here = KindAt(s, i);
                if (here is Kind.Letter or Kind.Digit or Kind.Mark)
                {
                    lastLetter = here == Kind.Mark ? lastLetter : here == Kind.Letter;
                    AppendAt(s, ref i);
                }
                else if (i + 1 < s.Length && JoinsAcross(s[i], lastLetter, KindAt(s, i + 1)))
                {
                    Append(s[i] == '’' ? '\'' : s[i]);
                    i++;
                }
                else
                {
                    break;
                }
            }

            End(i);
        }

        return this;
    }

    private enum Kind { Other, Letter, Digit, Mark, Ideograph }

    // MidLetter and MidNumLet between letters (don't, l’eau), MidNum and MidNumLet between digits (1,000 3.5).
    private static bool JoinsAcross(char c, bool afterLetter, Kind next) => afterLetter
        ? next == Kind.Letter && c is '\'' or '’' or '·' or '\u05F4' or '\u2027'
        : next == Kind.Digit && c is '.' or ',' or ';' or '\'' or '’' or '\u066C' or '\uFE50' or '\uFE52' or '\uFF0C' or '\uFF0E';

    private static Kind KindAt(string s, int i)
    {
        var c = s[i];
        if (c < 128)
        {
            return char.IsAsciiLetter(c) ? Kind.Letter : char.IsAsciiDigit(c) ? Kind.Digit : c == '_' ? Kind.Letter : Kind.Other;
        }

        if (c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF')
        {
            return Kind.Ideograph;
        }

        var category = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
            ? CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1]))
            : CharUnicodeInfo.GetUnicodeCategory(c);
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.ConnectorPunctuation => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber => Kind.Digit,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => Kind.Mark,
            _ => Kind.Other,
        };
    }

    private void AppendAt(string s, ref int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            Append(c);
            Append(s[i + 1]);
            i += 2;
            return;
        }

        var folded = TextFolding.Of(c);
        if (TextFolding.IsSeveral(folded))
        {
            foreach (var part in TextFolding.SeveralOf(c))
            {
                Append(part);
            }
        }
        else if (!TextFolding.IsDropped(folded))
        {
            Append(folded);
        }

        i++;
    }

    private void Append(char c)
    {
        if (used == chars.Length)
        {
            Array.Resize(ref chars, chars.Length * 2);
        }

        chars[used++] = c;
    }

    private void Begin(int sourceStart)
    {
        if (Count == starts.Length)
        {
            var size = Count * 2;
            Array.Resize(ref starts, size);
            Array.Resize(ref lengths, size);
            Array.Resize(ref sourceStarts, size);
            Array.Resize(ref sourceLengths, size);
        }

        starts[Count] = used;
        sourceStarts[Count] = sourceStart;
    }

    private void End(int sourceEnd)
    {
        lengths[Count] = used - starts[Count];
        sourceLengths[Count] = sourceEnd - sourceStarts[Count];

        // A word of marks alone folds to nothing and is not a word.
        if (lengths[Count] > 0)
        {
            Count++;
        }
    }
}
