using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace FeedAggregator.Topics;

/// <summary>
/// The one normalisation that topic queries and item text share: Unicode NFKC, full case folding, diacritics removed
/// and <c>ё</c> read as <c>е</c>. <c>й</c> and <c>ў</c> keep their breve: in Russian and Belarusian they are letters
/// of their own, not accented ones, and folding them away would make <c>мой</c> and <c>мои</c> one word.
/// </summary>
internal static class TextFolding
{
    // Per UTF-16 unit: 0 = not worked out yet, Drop = a mark to remove, Several = folds to more than one character.
    private const char Unknown = '\0';
    private const char Drop = '\uFFFE';
    private const char Several = '\uFFFF';

    private static readonly char[] Single = new char[char.MaxValue + 1];
    private static readonly ConcurrentDictionary<char, string> Multiple = new(new Dictionary<char, string> { ['ß'] = "ss", ['ẞ'] = "ss", ['ŉ'] = "ʼn" });

    static TextFolding()
    {
        foreach (var c in Multiple.Keys)
        {
            Single[c] = Several;
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            Single[c] = (char)(c + 32);
        }

        for (var c = (char)1; c < 128; c++)
        {
            Single[c] = Single[c] == Unknown ? c : Single[c];
        }

        Single['ς'] = 'σ';
    }

    /// <summary>NFKC, only when the text needs it (ASCII and most already-composed text do not).</summary>
    public static string Compose(string text) =>
        Ascii.IsValid(text) || text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);

    /// <summary>The folded form of one UTF-16 unit: itself, another character, <see cref="Drop"/> or <see cref="Several"/>.</summary>
    public static char Of(char c)
    {
        var known = Single[c];
        return known != Unknown ? known : Learn(c);
    }

    public static bool IsDropped(char folded) => folded == Drop;

    public static bool IsSeveral(char folded) => folded == Several;

    public static string SeveralOf(char c) => Multiple[c];

    private static char Learn(char c)
    {
        char folded;
        if (char.IsSurrogate(c))
        {
            folded = c;
        }
        else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            // A mark NFKC left uncomposed (no precomposed letter exists for the pair): diacritics go.
            folded = Drop;
        }
        else
        {
            folded = FoldLetter(c);
        }

        // A char is written whole; two threads learning the same one write the same value.
        Single[c] = folded;
        return folded;
    }

    private static char FoldLetter(char c)
    {
        if (c is 'й' or 'Й')
        {
            return 'й';
        }

        if (c is 'ў' or 'Ў')
        {
            return 'ў';
        }

        // Decompose, keep the base letters, lower-case them: é → e, Ё → е, İ → i.
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var part in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark))
            {
                kept.Append(char.ToLowerInvariant(part));
            }
        }

        if (kept.Length == 1)
        {
            return kept[0] == 'ς' ? 'σ' : kept[0];
        }

        if (kept.Length == 0)
        {
            return Drop;
        }

        Multiple[c] = kept.ToString();
        return Several;
    }
}
