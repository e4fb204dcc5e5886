namespace FeedAggregator.Topics;

internal sealed partial class TopicMatcher
{
    private static bool Evaluate(QueryNode node, Scratch s, MatchInput item)
    {
        switch (node)
        {
            case TermNode term:
                return Find(term, s, null);
            case NearNode near:
                return Near(near, s, null);
            case AndNode all:
                foreach (var part in all.Parts)
                {
                    if (!Evaluate(part, s, item))
                    {
                        return false;
                    }
                }

                return true;
            case OrNode any:
                foreach (var part in any.Parts)
                {
                    if (Evaluate(part, s, item))
                    {
                        return true;
                    }
                }

                return false;
            case NotNode negated:
                return !Evaluate(negated.Part, s, item);
            case ValueNode value:
                return Value(value, item);
            default:
                return false;
        }
    }

    private static bool Value(ValueNode node, MatchInput item) => node.Field == "lang"
        ? IsLanguage(item.Language, node.Value)
        : string.Equals(item.FeedId, node.Value, StringComparison.OrdinalIgnoreCase)
            || item.FeedTags.Contains(node.Value, StringComparer.OrdinalIgnoreCase);

    private static double Score(CompiledTopic topic, Scratch s, MatchInput item)
    {
        var score = 0.0;
        foreach (var weight in topic.Weights)
        {
            score += Evaluate(weight.Node, s, item) ? weight.Weight : 0;
        }

        return score;
    }

    /// <summary>
    /// Whether the term occurs in one of its fields: each word at the next position of the same field for a phrase.
    /// With <paramref name="spans"/>, every occurrence is added to it as (field, first word, last word).
    /// </summary>
    private static bool Find(TermNode term, Scratch s, List<(int Field, int First, int Last)>? spans)
    {
        var patterns = term.Patterns;
        var mask = (int)term.Fields;
        var found = false;
        for (var hit = s.Head(patterns[0]); hit >= 0; hit = s.Next(hit))
        {
            var field = s.FieldOf(hit);
            if ((mask & (1 << field)) == 0)
            {
                continue;
            }

            var position = s.PositionOf(hit);
            var whole = true;
            for (var k = 1; k < patterns.Length && whole; k++)
            {
                whole = s.Has(patterns[k], field, position + k);
            }

            if (whole)
            {
                if (spans is null)
                {
                    return true;
                }

                found = true;
                spans.Add((field, position, position + patterns.Length - 1));
            }
        }

        return found;
    }

    /// <summary>Two sides within the distance in one field, in either order; the words between them are counted.</summary>
    private static bool Near(NearNode near, Scratch s, List<(int Field, int First, int Last)>? pairs)
    {
        var left = s.LeftSpans;
        var right = s.RightSpans;
        left.Clear();
        right.Clear();
        foreach (var term in near.Left)
        {
            Find(term, s, left);
        }

        if (left.Count == 0)
        {
            return false;
        }

        foreach (var term in near.Right)
        {
            Find(term, s, right);
        }

        var found = false;
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (a.Field != b.Field)
                {
                    continue;
                }

                var between = b.First > a.Last ? b.First - a.Last - 1 : a.First > b.Last ? a.First - b.Last - 1 : -1;
                if (between >= 0 && between <= near.Distance)
                {
                    if (pairs is null)
                    {
                        return true;
                    }

                    found = true;
                    pairs.Add((a.Field, Math.Min(a.First, b.First), Math.Max(a.Last, b.Last)));
                }
            }
        }

        return found;
    }
}
