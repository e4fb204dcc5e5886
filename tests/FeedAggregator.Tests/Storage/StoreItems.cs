using FeedAggregator.Normalising;
using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Storage;

/// <summary>Items as the normaliser would hand them to the store, built in a line for storage tests.</summary>
internal static class StoreItems
{
    public static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static NormalisedItem Item(
        string identity, string title = "Title", string summary = "Summary", string content = "", DateTimeOffset? published = null,
        string? language = "en", string? link = null) =>
        new(identity, link ?? $"https://example.org/{identity}", title, summary, null, [], language, published ?? Day, null,
            ItemNormaliser.Hash(title + "\n" + summary + "\n" + content), $$"""{"title":"{{title}}"}""")
        {
            Content = content,
        };

    public static (NormalisedItem, IReadOnlyList<TopicMatch>) In(NormalisedItem item, params string[] topics) =>
        (item, [.. topics.Select(t => new TopicMatch(t, new MatchExplanation(MatchExplanation.Query, "x", [])))]);

    public static (NormalisedItem, IReadOnlyList<TopicMatch>)[] Batch(params NormalisedItem[] items) => [.. items.Select(i => In(i))];
}
