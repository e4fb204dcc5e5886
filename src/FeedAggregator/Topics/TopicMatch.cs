using FeedAggregator.Normalising;
using FeedAggregator.Sources;

namespace FeedAggregator.Topics;

/// <summary>What a topic rule reads of an item: its plain texts, language and the feed that carried it.</summary>
public sealed record MatchInput(
    string Title,
    string Summary,
    string Content,
    IReadOnlyList<string> Categories,
    string? Author,
    string? Language,
    string? FeedId,
    IReadOnlyList<string> FeedTags)
{
    public static MatchInput Of(NormalisedItem item, FeedSource? feed) =>
        new(item.Title, item.Summary, item.Content, item.Categories, item.Author, item.Language ?? feed?.Language, feed?.Id, feed?.Tags ?? []);

    public static MatchInput Of(string title, string summary, string? language = null) =>
        new(title, summary, "", [], null, language, null, []);
}

/// <summary>One topic an item belongs to, and why.</summary>
public sealed record TopicMatch(string TopicId, MatchExplanation Explanation);

/// <summary>
/// Why an item matched: through the boolean <c>query</c> (the top-level alternative that matched is the clause) or the
/// <c>weights</c> (the score and the threshold it reached), and the terms that matched, with the words and fields.
/// </summary>
public sealed record MatchExplanation(string Rule, string? Clause, IReadOnlyList<MatchedTerm> Terms, double? Score = null, double? Threshold = null)
{
    public const string Query = "query";
    public const string Weights = "weights";
}

/// <summary>A term that matched: as written in the query, the item's words that matched it and the fields they were in.</summary>
public sealed record MatchedTerm(string Term, IReadOnlyList<string> Words, IReadOnlyList<string> Fields, double? Weight = null);
