namespace FeedAggregator.Topics;

/// <summary>
/// Compiles the topic query language (docs/topics.md) into a <see cref="QueryNode"/> tree. From tightest to loosest:
/// field scope, <c>NOT</c>, <c>NEAR/n</c>, <c>AND</c> (also written as nothing between two terms), <c>OR</c>.
/// Every error names the column it was found at.
/// </summary>
internal sealed class QueryParser
{
    public const int MinimumPrefix = 2;

    private readonly List<QueryToken> tokens;
    private int next;

    private QueryParser(string query) => tokens = QueryLexer.Split(query);

    public static QueryNode Parse(string query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new QueryException(1, "the query is empty");
        }

        var parser = new QueryParser(query);
        var node = parser.ParseOr(TextFields.Default);
        var rest = parser.Peek;
        return rest.Kind switch
        {
            TokenKind.End => node,
            TokenKind.Close => throw new QueryException(rest.Column, "unmatched ')'"),
            _ => throw new QueryException(rest.Column, $"unexpected '{rest.Text}'"),
        };
    }

    private QueryToken Peek => tokens[next];

    private QueryToken Take() => tokens[next++];

    private static bool StartsOperand(TokenKind kind) => kind is TokenKind.Word or TokenKind.Phrase or TokenKind.Open or TokenKind.Not or TokenKind.Field;

    private void RequireOperand(QueryToken after)
    {
        var token = Peek;
        if (!StartsOperand(token.Kind))
        {
            throw new QueryException(token.Kind == TokenKind.End ? after.Column : token.Column,
                $"'{after.Text}' needs a term after it" + (token.Kind == TokenKind.End ? "" : $", not '{token.Text}'"));
        }
    }

    private QueryNode ParseOr(TextFields scope)
    {
        var first = Peek;
        if (first.Kind == TokenKind.Or)
        {
            throw new QueryException(first.Column, "'OR' needs a term on each side");
        }

        var parts = new List<QueryNode> { ParseAnd(scope) };
        while (Peek.Kind == TokenKind.Or)
        {
            var or = Take();
            if (!StartsOperand(Peek.Kind))
            {
                throw new QueryException(or.Column, "'OR' needs a term on each side");
            }

            parts.Add(ParseAnd(scope));
        }

        return parts.Count == 1 ? parts[0] : new OrNode(parts[0].Start, parts[^1].End, parts);
    }

    private QueryNode ParseAnd(TextFields scope)
    {
        var first = Peek;
        if (first.Kind is TokenKind.And or TokenKind.Near)
        {
            throw new QueryException(first.Column, $"'{first.Text}' needs a term on each side");
        }

        var parts = new List<QueryNode> { ParseUnary(scope) };
        while (true)
        {
            if (Peek.Kind == TokenKind.And)
            {
                RequireOperand(Take());
            }
            else if (!StartsOperand(Peek.Kind))
            {
                break;
            }

            parts.Add(ParseUnary(scope));
        }

        return parts.Count == 1 ? parts[0] : new AndNode(parts[0].Start, parts[^1].End, parts);
    }

    private QueryNode ParseUnary(TextFields scope)
    {
        if (Peek.Kind != TokenKind.Not)
        {
            return ParseNear(scope);
        }

        var not = Take();
        RequireOperand(not);
        var part = ParseUnary(scope);
        return new NotNode(not.Start, part.End, part);
    }

    private QueryNode ParseNear(TextFields scope)
    {
        var left = ParsePrimary(scope);
        while (Peek.Kind == TokenKind.Near)
        {
            var near = Take();
            if (left is NearNode)
            {
                throw new QueryException(near.Column, "NEAR joins two terms; for three, write (a NEAR/2 b) AND (b NEAR/2 c)");
            }

            RequireOperand(near);
            var right = ParsePrimary(scope);
            left = new NearNode(left.Start, right.End, Positional(left, near), Positional(right, near), near.Number);
        }

        return left;
    }

    private static IReadOnlyList<TermNode> Positional(QueryNode node, QueryToken near) => node switch
    {
        TermNode term => [term],
        OrNode group when group.Parts.All(p => p is TermNode) => [.. group.Parts.Cast<TermNode>()],
        _ => throw new QueryException(node.Start + 1, $"{near.Text} takes terms, phrases or a parenthesised OR of them on each side"),
    };

    private QueryNode ParsePrimary(TextFields scope)
    {
        var token = Take();
        switch (token.Kind)
        {
            case TokenKind.Word:
            case TokenKind.Phrase:
                return Term(token, scope);
            case TokenKind.Open:
                if (Peek.Kind == TokenKind.Close)
                {
                    throw new QueryException(token.Column, "empty parentheses");
                }

                var inner = ParseOr(scope);
                if (Peek.Kind != TokenKind.Close)
                {
                    throw Peek.Kind == TokenKind.End
                        ? new QueryException(token.Column, "unmatched '('")
                        : new QueryException(Peek.Column, $"unexpected '{Peek.Text}'");
                }

                var close = Take();
                return inner with { Start = token.Start, End = close.End };
            case TokenKind.Field:
                return Scoped(token);
            case TokenKind.Close:
                throw new QueryException(token.Column, "unmatched ')'");
            default:
                throw new QueryException(token.Column, token.Kind == TokenKind.End ? "the query ends where a term is expected" : $"unexpected '{token.Text}'");
        }
    }

    private QueryNode Scoped(QueryToken field)
    {
        var operand = Peek;
        if (field.Text is "feed" or "lang")
        {
            if (operand.Kind != TokenKind.Word || operand.Start != field.End)
            {
                throw new QueryException(field.Column, $"{field.Text}: takes one value written right after it, as in {field.Text}:{(field.Text == "lang" ? "ru" : "un-news-en")}");
            }

            Take();
            return new ValueNode(field.Start, operand.End, field.Text, operand.Text.ToLowerInvariant());
        }

        if (operand.Kind is not (TokenKind.Word or TokenKind.Phrase or TokenKind.Open) || operand.Start != field.End)
        {
            throw new QueryException(field.Column, $"{field.Text}: needs a term, phrase or (group) right after it");
        }

        var node = ParsePrimary(field.Text switch
        {
            "title" => TextFields.Title,
            "summary" => TextFields.Summary,
            "content" => TextFields.Content,
            "category" => TextFields.Category,
            _ => TextFields.Author,
        });
        return node with { Start = field.Start };
    }

    private static TermNode Term(QueryToken token, TextFields scope)
    {
        var words = new List<string>();
        var prefix = new List<bool>();
        var offset = token.Kind == TokenKind.Phrase ? token.Start + 1 : token.Start;
        var folded = new FoldedWords();
        foreach (var (chunk, at) in Chunks(token.Text))
        {
            var star = chunk.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0 && star != chunk.Length - 1)
            {
                throw new QueryException(offset + at + star + 1, $"'{chunk}': a wildcard '*' goes only at the end of a word");
            }

            folded.Read(star >= 0 ? chunk[..^1] : chunk);
            if (folded.Count == 0)
            {
                if (token.Kind == TokenKind.Phrase)
                {
                    continue;
                }

                throw new QueryException(offset + at + 1, $"'{chunk}' has no letters or digits to search for");
            }

            for (var i = 0; i < folded.Count; i++)
            {
                words.Add(folded.Word(i));
                prefix.Add(false);
            }

            if (star >= 0)
            {
                if (words[^1].Length < MinimumPrefix)
                {
                    throw new QueryException(offset + at + 1, $"'{chunk}': a prefix needs at least {MinimumPrefix} letters before '*'");
                }

                prefix[^1] = true;
            }
        }

        if (words.Count == 0)
        {
            throw new QueryException(token.Column, "the phrase has no letters or digits to search for");
        }

        return new TermNode(token.Start, token.End, [.. words], [.. prefix], scope);
    }

    private static IEnumerable<(string Chunk, int At)> Chunks(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                yield return (text[start..i], start);
            }
        }
    }
}
