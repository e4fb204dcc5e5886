namespace FeedAggregator.Topics;

/// <summary>
/// Matches items against a set of topics at once. The words and prefixes of every topic go into one
/// <see cref="PatternTrie"/>; an item's fields are split and folded once, each word walked through the trie, and only
/// topics that one of the item's words speaks to are evaluated (plus the few that can match without any, such as
/// <c>NOT x</c>). Safe to share between threads: the per-item state is per thread.
/// </summary>
internal sealed partial class TopicMatcher
{
    private const int FieldCount = 5;
    private static readonly string[] FieldNames = ["title", "summary", "content", "category", "author"];

    [ThreadStatic]
    private static Scratch? scratch;

    private readonly CompiledTopic[] topics;
    private readonly PatternTrie trie = new();
    private readonly int[][] topicsOfPattern;
    private readonly int[] alwaysEvaluated;

    public TopicMatcher(IEnumerable<Topic> topics)
    {
        var compiled = new List<CompiledTopic>();
        var byPattern = new List<List<int>>();
        var always = new List<int>();
        foreach (var topic in topics)
        {
            var rule = topic.Query is null ? null : Topic.Compile(topic.Query, "query");
            var weights = topic.Weights.Select((w, i) => new WeightRule(Topic.Compile(w.Match, $"weights[{i}].match"), w.Weight, w.Match)).ToArray();
            var patterns = new HashSet<int>();
            if (rule is not null)
            {
                Assign(rule, patterns);
            }

            foreach (var weight in weights)
            {
                Assign(weight.Node, patterns);
            }

            var index = compiled.Count;
            compiled.Add(new CompiledTopic(topic, rule, weights));
            foreach (var pattern in patterns)
            {
                while (byPattern.Count <= pattern)
                {
                    byPattern.Add([]);
                }

                byPattern[pattern].Add(index);
            }

            var withoutHits = (rule is not null && CanMatchWithoutHits(rule))
                || (weights.Length > 0 && (topic.Threshold ?? 0) <= weights.Where(w => w.Weight > 0 && CanMatchWithoutHits(w.Node)).Sum(w => w.Weight));
            if (withoutHits)
            {
                always.Add(index);
            }
        }

        trie.Freeze();
        this.topics = [.. compiled];
        topicsOfPattern = [.. byPattern.Select(list => list.ToArray())];
        alwaysEvaluated = [.. always];
    }

    public int PatternCount => trie.Count;

    /// <summary>The topics <paramref name="item"/> belongs to, in the order they were given, with why when <paramref name="explain"/>.</summary>
    public IReadOnlyList<TopicMatch> Match(MatchInput item, bool explain = true)
    {
        var s = scratch ??= new Scratch();
        s.Begin(trie.Count, topics.Length);
        Read(s, 0, item.Title);
        Read(s, 1, item.Summary);
        s.ContentIsSummary = string.Equals(item.Content, item.Summary, StringComparison.Ordinal);
        if (s.ContentIsSummary)
        {
            Walk(s, 2, s.Words[1]);
        }
        else
        {
            Read(s, 2, item.Content);
        }

        Read(s, 3, item.Categories.Count == 0 ? "" : string.Join(" | ", item.Categories));
        Read(s, 4, item.Author);

        var candidates = s.Candidates;
        foreach (var pattern in s.Touched)
        {
            foreach (var topic in topicsOfPattern[pattern])
            {
                s.Mark(topic);
            }
        }

        foreach (var topic in alwaysEvaluated)
        {
            s.Mark(topic);
        }

        candidates.Sort();
        List<TopicMatch>? matches = null;
        foreach (var index in candidates)
        {
            var topic = topics[index];
            if (!Passes(topic.Topic, item))
            {
                continue;
            }

            var byQuery = topic.Rule is not null && Evaluate(topic.Rule, s, item);
            if (byQuery || (topic.Weights.Length > 0 && Score(topic, s, item) >= (topic.Topic.Threshold ?? 0)))
            {
                (matches ??= []).Add(new TopicMatch(topic.Topic.Id, explain ? Explain(topic, byQuery, s, item) : NotExplained));
            }
        }

        return matches ?? (IReadOnlyList<TopicMatch>)[];
    }

    private static readonly MatchExplanation NotExplained = new("", null, []);

    private void Read(Scratch s, int field, string? text)
    {
        var words = s.Words[field].Read(text);
        Walk(s, field, words);
    }

    private void Walk(Scratch s, int field, FoldedWords words)
    {
        var found = s.Found;
        for (var i = 0; i < words.Count; i++)
        {
            found.Clear();
            trie.Match(words[i], found);
            foreach (var pattern in found)
            {
                s.Hit(pattern, field, i);
            }
        }
    }

    private void Assign(QueryNode node, HashSet<int> patterns)
    {
        switch (node)
        {
            case TermNode term:
                term.Patterns = [.. term.Words.Select((word, i) => trie.Add(word, term.Prefix[i]))];
                patterns.UnionWith(term.Patterns);
                break;
            case NearNode near:
                foreach (var term in near.Left.Concat(near.Right))
                {
                    Assign(term, patterns);
                }

                break;
            case AndNode all:
                foreach (var part in all.Parts)
                {
                    Assign(part, patterns);
                }

                break;
            case OrNode any:
                foreach (var part in any.Parts)
                {
                    Assign(part, patterns);
                }

                break;
            case NotNode negated:
                Assign(negated.Part, patterns);
                break;
        }
    }

    /// <summary>Whether a node may be true for an item none of whose words the topic names.</summary>
    private static bool CanMatchWithoutHits(QueryNode node) => node switch
    {
        TermNode or NearNode => false,
        AndNode all => all.Parts.All(CanMatchWithoutHits),
        OrNode any => any.Parts.Any(CanMatchWithoutHits),
        _ => true,
    };

    private static bool Passes(Topic topic, MatchInput item)
    {
        if (topic.Languages.Count > 0 && !topic.Languages.Any(language => IsLanguage(item.Language, language)))
        {
            return false;
        }

        if (topic.Feeds.Count == 0 && topic.Tags.Count == 0)
        {
            return true;
        }

        return (item.FeedId is not null && topic.Feeds.Contains(item.FeedId, StringComparer.OrdinalIgnoreCase))
            || item.FeedTags.Any(tag => topic.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase));
    }

    private static bool IsLanguage(string? language, string wanted) =>
        language is not null
        && language.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)
        && (language.Length == wanted.Length || language[wanted.Length] is '-' or '_');

    private sealed record WeightRule(QueryNode Node, double Weight, string Text);

    private sealed record CompiledTopic(Topic Topic, QueryNode? Rule, WeightRule[] Weights);
}
