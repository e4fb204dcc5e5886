using System.Globalization;
using System.Text;

namespace FeedAggregator.Topics;

/// <summary>Splits text into folded words the same way for queries and items: lower case, 'ё' read as 'е', letters and digits only.</summary>
internal static class TextTokens
{
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                word.Append(Fold(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static char Fold(char c)
    {
        var lower = char.ToLowerInvariant(c);
        return lower == 'ё' ? 'е' : lower;
    }
}
