using FeedAggregator.Configuration;
using FeedAggregator.Normalising;
using FeedAggregator.Storage;

namespace FeedAggregator.Topics;

/// <summary>The topics in force, and which of them an item belongs to.</summary>
public sealed class TopicCatalog
{
    private readonly AggregatorPaths paths;
    private IReadOnlyList<Topic>? topics;

    public TopicCatalog(AggregatorPaths paths) => this.paths = paths;

    /// <summary>All configured topics; loads the file on first use and throws <see cref="ConfigException"/> when it is invalid.</summary>
    public IReadOnlyList<Topic> All => topics ??= TopicsFile.Load(paths.TopicsFile, paths.TopicsFileDisplay);

    public Topic? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>The ids of the topics whose query matches the item's title or summary.</summary>
    public IReadOnlyList<string> Match(NormalisedItem item)
    {
        var words = Words(item);
        return [.. All.Where(t => t.Compiled.Matches(words)).Select(t => t.Id)];
    }

    public bool Matches(string topicId, NormalisedItem item) => Find(topicId)?.Compiled.Matches(Words(item)) ?? false;

    /// <summary>Re-evaluates stored items for every topic whose query is new or changed since the store last saw it.</summary>
    public Task<IReadOnlyList<string>> SyncStoreAsync(TopicItemStore store, CancellationToken cancellationToken = default) =>
        store.SyncAsync(All.ToDictionary(t => t.Id, t => t.Query, StringComparer.Ordinal), Matches, cancellationToken);

    private static List<string> Words(NormalisedItem item) => TextTokens.Split(item.Title + "\n" + item.Summary);
}

public static class TopicsRegistration
{
    public static IHostApplicationBuilder AddTopics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TopicCatalog>();
        return builder;
    }
}
