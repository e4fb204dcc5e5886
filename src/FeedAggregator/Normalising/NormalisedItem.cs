namespace FeedAggregator.Normalising;

/// <summary>An item ready to store and match: identity settled, text plain, dates in UTC.</summary>
/// <param name="Identity">The feed's own id for the item, or a stable hash when it has none.</param>
/// <param name="Title">Plain text, never markup.</param>
/// <param name="Summary">Plain text of the summary (or of the content when there is no summary).</param>
/// <param name="ContentHash">Hash of the item's JSON, to tell an edited item from an unchanged one.</param>
/// <param name="Data">The normalised item as JSON (docs/parser.md), kept whole in the store.</param>
public sealed record NormalisedItem(
    string Identity,
    string? Link,
    string Title,
    string Summary,
    string? Author,
    IReadOnlyList<string> Categories,
    string? Language,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string ContentHash,
    string Data)
{
    /// <summary>Plain text of the item's content (the same as <see cref="Summary"/> when the item has no separate summary), for topic rules.</summary>
    public string Content { get; init; } = "";
}
