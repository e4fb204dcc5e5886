namespace FeedAggregator.Topics;

/// <summary>An operator-defined topic: which stored items make up its feed.</summary>
public sealed record Topic(string Id, string Title, string? Description, string Query)
{
    internal KeywordQuery Compiled { get; init; } = KeywordQuery.Compile(Query);
}
