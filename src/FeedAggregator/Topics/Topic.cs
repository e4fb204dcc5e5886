using System.Text.Json;

namespace FeedAggregator.Topics;

/// <summary>A term of a topic's weighted list: any query expression, and what it adds to the score when it matches.</summary>
public sealed record WeightedTerm(string Match, double Weight);

/// <summary>
/// An operator-defined topic. An item is in it when it passes the limits (<see cref="Languages"/>, <see cref="Feeds"/>,
/// <see cref="Tags"/>) and either the boolean <see cref="Query"/> matches or the weights of its matching
/// <see cref="Weights"/> reach <see cref="Threshold"/>.
/// </summary>
public sealed record Topic(string Id, string Title, string? Description, string? Query)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public IReadOnlyList<WeightedTerm> Weights { get; init; } = [];

    public double? Threshold { get; init; }

    /// <summary>Language codes (<c>en</c>, <c>ru</c>); an item's regional form (<c>ru-RU</c>) counts as its language.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    public IReadOnlyList<string> Feeds { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>How far back stored items are evaluated again when the topic changes.</summary>
    public TimeSpan Window { get; init; } = DefaultWindow;

    /// <summary>Everything that decides membership, as one string: when it changes, stored items are evaluated again.</summary>
    public string Definition => JsonSerializer.Serialize(new
    {
        query = Query,
        weights = Weights.Select(w => new { match = w.Match, weight = w.Weight }),
        threshold = Threshold,
        languages = Languages,
        feeds = Feeds,
        tags = Tags,
        window = Window.TotalMinutes,
    });

    /// <summary>Checks that the query and every weighted term compile; the first error is thrown with where it was found.</summary>
    public void Validate()
    {
        if (Query is not null)
        {
            Compile(Query, "query");
        }

        for (var i = 0; i < Weights.Count; i++)
        {
            Compile(Weights[i].Match, $"weights[{i}].match");
        }
    }

    internal static QueryNode Compile(string text, string field)
    {
        try
        {
            return QueryParser.Parse(text);
        }
        catch (QueryException e)
        {
            throw new TopicQueryException(field, e);
        }
    }
}

/// <summary>A topic's query or weighted term does not compile: which one, the column and the reason.</summary>
public sealed class TopicQueryException : FormatException
{
    internal TopicQueryException(string field, QueryException inner)
        : base($"{field} col {inner.Column}: {inner.Reason}", inner)
    {
        Field = field;
    }

    public string Field { get; }
}
