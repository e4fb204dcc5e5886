using System.Text;

namespace FeedAggregator.Topics;

/// <summary>
/// The first form of topic query: alternatives joined by <c>OR</c>; an alternative is one or more terms that must all appear;
/// a term is a word, a prefix (<c>traffick*</c>) or a quoted phrase (<c>"торговля людьми"</c>). Case-insensitive, Cyrillic included.
/// </summary>
internal sealed class KeywordQuery
{
    private readonly string[][][] alternatives; // alternative → terms (all required) → words of a phrase

    private KeywordQuery(string[][][] alternatives) => this.alternatives = alternatives;

    public static KeywordQuery Compile(string query)
    {
        var alternatives = new List<string[][]>();
        var terms = new List<string[]>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                var end = query.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"col {i + 1}: unmatched '\"'");
                }

                AddTerm(terms, query[(i + 1)..end], i);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] != '"')
                {
                    i++;
                }

                var word = query[start..i];
                if (word == "OR")
                {
                    Close(alternatives, terms, start);
                }
                else
                {
                    AddTerm(terms, word, start);
                }
            }
        }

        Close(alternatives, terms, query.Length);
        return new KeywordQuery([.. alternatives]);
    }

    private static void AddTerm(List<string[]> terms, string text, int column)
    {
        var words = new List<string>();
        foreach (var chunk in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tokens = TextTokens.Split(chunk);
            if (tokens.Count > 0 && chunk.EndsWith('*'))
            {
                tokens[^1] += "*";
            }

            words.AddRange(tokens);
        }

        if (words.Count == 0)
        {
            throw new FormatException($"col {column + 1}: '{text}' has no letters or digits");
        }

        terms.Add([.. words]);
    }

    private static void Close(List<string[][]> alternatives, List<string[]> terms, int column)
    {
        if (terms.Count == 0)
        {
            throw new FormatException($"col {column + 1}: 'OR' needs a term on each side");
        }

        alternatives.Add([.. terms]);
        terms.Clear();
    }

    /// <summary>True when any alternative has all of its terms in <paramref name="words"/>.</summary>
    public bool Matches(IReadOnlyList<string> words) =>
        alternatives.Any(terms => terms.All(phrase => ContainsPhrase(words, phrase)));

    private static bool ContainsPhrase(IReadOnlyList<string> words, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= words.Count; start++)
        {
            var all = true;
            for (var k = 0; k < phrase.Length && all; k++)
            {
                all = WordMatches(words[start + k], phrase[k]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static bool WordMatches(string word, string pattern) =>
        pattern.EndsWith('*')
            ? word.AsSpan().StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : word == pattern;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var terms in alternatives)
        {
            text.Append(text.Length > 0 ? " OR " : "").AppendJoin(' ', terms.Select(t => t.Length > 1 ? $"\"{string.Join(' ', t)}\"" : t[0]));
        }

        return text.ToString();
    }
}
