namespace FeedAggregator.Topics;

internal sealed partial class TopicMatcher
{
    private static MatchExplanation Explain(CompiledTopic topic, bool byQuery, Scratch s, MatchInput item)
    {
        var terms = new List<MatchedTerm>();
        if (byQuery)
        {
            var rule = topic.Rule!;
            var clause = rule is OrNode any ? any.Parts.First(part => Evaluate(part, s, item)) : rule;
            Collect(clause, topic.Topic.Query!, s, item, terms);
            return new MatchExplanation(MatchExplanation.Query, topic.Topic.Query![clause.Start..clause.End], terms);
        }

        var score = 0.0;
        foreach (var weight in topic.Weights)
        {
            if (Evaluate(weight.Node, s, item))
            {
                score += weight.Weight;
                var parts = new List<MatchedTerm>();
                Collect(weight.Node, weight.Text, s, item, parts);
                terms.Add(new MatchedTerm(weight.Text, [.. parts.SelectMany(p => p.Words).Distinct()], [.. parts.SelectMany(p => p.Fields).Distinct()], weight.Weight));
            }
        }

        return new MatchExplanation(MatchExplanation.Weights, null, terms, score, topic.Topic.Threshold ?? 0);
    }

    /// <summary>The terms under <paramref name="node"/> that make it true; what sits under NOT explains nothing.</summary>
    private static void Collect(QueryNode node, string query, Scratch s, MatchInput item, List<MatchedTerm> into)
    {
        switch (node)
        {
            case TermNode term:
                var spans = new List<(int Field, int First, int Last)>();
                if (Find(term, s, spans))
                {
                    into.Add(Describe(query[term.Start..term.End], spans, s));
                }

                break;
            case NearNode near:
                var pairs = new List<(int Field, int First, int Last)>();
                if (Near(near, s, pairs))
                {
                    into.Add(Describe(query[near.Start..near.End], pairs, s));
                }

                break;
            case AndNode all:
                foreach (var part in all.Parts)
                {
                    Collect(part, query, s, item, into);
                }

                break;
            case OrNode any:
                foreach (var part in any.Parts.Where(part => Evaluate(part, s, item)))
                {
                    Collect(part, query, s, item, into);
                }

                break;
            case ValueNode value when Value(value, item):
                into.Add(new MatchedTerm(query[value.Start..value.End], [value.Field == "lang" ? item.Language! : value.Value], [value.Field]));
                break;
        }
    }

    private static MatchedTerm Describe(string term, List<(int Field, int First, int Last)> spans, Scratch s)
    {
        var words = new List<string>();
        var fields = new List<string>();
        foreach (var (field, first, last) in spans)
        {
            // Content equal to the summary was not read into its own words: its positions are the summary's.
            var text = s.Words[field == 2 && s.ContentIsSummary ? 1 : field];
            var (start, _) = text.SourceRange(first);
            var (end, length) = text.SourceRange(last);
            var word = text.Source[start..(end + length)];
            if (!words.Contains(word))
            {
                words.Add(word);
            }

            if (!fields.Contains(FieldNames[field]))
            {
                fields.Add(FieldNames[field]);
            }
        }

        return new MatchedTerm(term, words, fields);
    }

    /// <summary>One thread's working state: the item's words per field, and where each pattern was found.</summary>
    private sealed class Scratch
    {
        private int[] head = [];
        private int[] tail = [];
        private int[] hitField = new int[256];
        private int[] hitPosition = new int[256];
        private int[] hitNext = new int[256];
        private int hits;
        private int[] marks = [];
        private int mark;

        public FoldedWords[] Words { get; } = [.. Enumerable.Range(0, FieldCount).Select(_ => new FoldedWords())];

        /// <summary>The item's content is its summary, walked from the summary's words (field 1) for field 2.</summary>
        public bool ContentIsSummary { get; set; }

        public List<int> Touched { get; } = [];

        public List<int> Found { get; } = [];

        public List<int> Candidates { get; } = [];

        public List<(int Field, int First, int Last)> LeftSpans { get; } = [];

        public List<(int Field, int First, int Last)> RightSpans { get; } = [];

        public void Begin(int patterns, int topics)
        {
            if (head.Length < patterns)
            {
                head = new int[patterns];
                tail = new int[patterns];
                Array.Fill(head, -1);
            }
            else
            {
                foreach (var pattern in Touched)
                {
                    head[pattern] = -1;
                }
            }

            if (marks.Length < topics)
            {
                marks = new int[topics];
                mark = 0;
            }

            mark++;
            Touched.Clear();
            Candidates.Clear();
            hits = 0;
        }

        public void Hit(int pattern, int field, int position)
        {
            if (hits == hitField.Length)
            {
                Array.Resize(ref hitField, hits * 2);
                Array.Resize(ref hitPosition, hits * 2);
                Array.Resize(ref hitNext, hits * 2);
            }

            hitField[hits] = field;
            hitPosition[hits] = position;
            hitNext[hits] = -1;
            if (head[pattern] < 0)
            {
                head[pattern] = hits;
                Touched.Add(pattern);
            }
            else
            {
                hitNext[tail[pattern]] = hits;
            }

            tail[pattern] = hits++;
        }

        public void Mark(int topic)
        {
            if (marks[topic] != mark)
            {
                marks[topic] = mark;
                Candidates.Add(topic);
            }
        }

        public int Head(int pattern) => head[pattern];

        public int Next(int hit) => hitNext[hit];

        public int FieldOf(int hit) => hitField[hit];

        public int PositionOf(int hit) => hitPosition[hit];

        public bool Has(int pattern, int field, int position)
        {
            for (var hit = head[pattern]; hit >= 0; hit = hitNext[hit])
            {
                if (hitField[hit] == field && hitPosition[hit] == position)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
