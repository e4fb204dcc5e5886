using System.Globalization;

namespace FeedAggregator.Topics;

internal enum TokenKind { Word, Phrase, Open, Close, And, Or, Not, Near, Field, End }

/// <summary>One token of a query; <see cref="Column"/> is 1-based, <see cref="Start"/>/<see cref="End"/> index the text.</summary>
internal readonly record struct QueryToken(TokenKind Kind, string Text, int Start, int End, int Number = 0)
{
    public int Column => Start + 1;
}

/// <summary>
/// Splits a query into tokens. Operators are upper case (<c>AND OR NOT NEAR/n</c>); the same words in lower case are
/// terms. <c>name:</c> before a term, phrase or group is a field scope when <c>name</c> is a known field.
/// </summary>
internal static class QueryLexer
{
    public static readonly string[] Fields = ["title", "summary", "content", "category", "author", "feed", "lang"];

    public const int DefaultNearDistance = 5;

    public static List<QueryToken> Split(string query)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new QueryToken(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString(), i, i + 1));
                i++;
            }
            else if (c is '"' or '“' or '”' or '«' or '»')
            {
                var close = query.IndexOfAny(['"', '“', '”', '«', '»'], i + 1);
                if (close < 0)
                {
                    throw new QueryException(i + 1, "unmatched '\"'");
                }

                tokens.Add(new QueryToken(TokenKind.Phrase, query[(i + 1)..close], i, close + 1));
                i = close + 1;
            }
            else
            {
                var start = i;
                while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] is not ('(' or ')' or '"' or '“' or '”' or '«' or '»'))
                {
                    i++;
                }

                Bare(query, start, i, tokens);
            }
        }

        tokens.Add(new QueryToken(TokenKind.End, "", query.Length, query.Length));
        return tokens;
    }

    private static void Bare(string query, int start, int end, List<QueryToken> tokens)
    {
        var text = query[start..end];
        switch (text)
        {
            case "AND": tokens.Add(new QueryToken(TokenKind.And, text, start, end)); return;
            case "OR": tokens.Add(new QueryToken(TokenKind.Or, text, start, end)); return;
            case "NOT": tokens.Add(new QueryToken(TokenKind.Not, text, start, end)); return;
            case "NEAR": tokens.Add(new QueryToken(TokenKind.Near, text, start, end, DefaultNearDistance)); return;
        }

        if (text.StartsWith("NEAR/", StringComparison.Ordinal))
        {
            if (!int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var distance) || distance > 100)
            {
                throw new QueryException(start + 1, $"'{text}': NEAR/ takes a number of words from 0 to 100, as in NEAR/3");
            }

            tokens.Add(new QueryToken(TokenKind.Near, text, start, end, distance));
            return;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && text.AsSpan(0, colon).IndexOfAnyExceptInRange('a', 'z') < 0)
        {
            var field = text[..colon];
            if (!Fields.Contains(field))
            {
                throw new QueryException(start + 1, $"unknown field '{field}:' (fields: {string.Join(", ", Fields.Select(f => f + ":"))}); quote the text to search for it");
            }

            tokens.Add(new QueryToken(TokenKind.Field, field, start, start + colon + 1));
            if (colon + 1 < text.Length)
            {
                Bare(query, start + colon + 1, end, tokens);
            }

            return;
        }

        tokens.Add(new QueryToken(TokenKind.Word, text, start, end));
    }
}
