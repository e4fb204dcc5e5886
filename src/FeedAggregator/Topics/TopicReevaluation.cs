using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Sources;
using FeedAggregator.Storage;

namespace FeedAggregator.Topics;

/// <summary>
/// Brings stored membership in line with the topics in force. A topic that is new or whose definition changed is
/// evaluated again over the stored items of its window (default 30 days), in batches so that polls keep writing
/// between them: items that stop matching leave the topic, new matches join it, and older items stay as they were.
/// A topic no longer configured loses its rows.
/// </summary>
public sealed class TopicReevaluation(TopicItemStore store, FeedCatalog feeds, TimeProvider time)
{
    public const int BatchSize = 500;

    public sealed record Outcome(IReadOnlyList<string> Evaluated, IReadOnlyList<string> Forgotten, int Items, int Joined, int Left);

    /// <param name="again">Topics to evaluate again although their definition did not change: the feeds they are limited to changed.</param>
    public async Task<Outcome> RunAsync(IReadOnlyList<Topic> topics, CancellationToken cancellationToken = default, IReadOnlySet<string>? again = null)
    {
        var stored = await store.DefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var gone = stored.Keys.Where(id => topics.All(t => t.Id != id)).ToList();
        if (gone.Count > 0)
        {
            await store.ForgetAsync(gone, cancellationToken).ConfigureAwait(false);
        }

        var changed = topics.Where(t => !stored.TryGetValue(t.Id, out var definition) || definition != t.Definition || again?.Contains(t.Id) == true).ToList();
        if (changed.Count == 0)
        {
            return new Outcome([], gone, 0, 0, 0);
        }

        var matcher = new TopicMatcher(changed);
        var now = time.GetUtcNow();
        var since = now - changed.Max(t => t.Window);
        var feedsById = SafeFeeds();
        var (items, joined, left) = (0, 0, 0);
        await foreach (var batch in store.BatchesSinceAsync(since, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var verdicts = new List<TopicVerdict>();
            foreach (var item in batch)
            {
                var matches = matcher.Match(Input(item, feedsById.GetValueOrDefault(item.FeedId)));
                foreach (var topic in changed.Where(t => item.SortAt >= now - t.Window))
                {
                    var match = matches.FirstOrDefault(m => m.TopicId == topic.Id);
                    verdicts.Add(new TopicVerdict(item.Id, topic.Id, match?.Explanation));
                    (joined, left) = match is null ? (joined, left + 1) : (joined + 1, left);
                }
            }

            await store.ApplyAsync(verdicts, cancellationToken).ConfigureAwait(false);
            items += batch.Count;
        }

        await store.RememberAsync([.. changed.Select(t => (t.Id, t.Definition))], cancellationToken).ConfigureAwait(false);
        return new Outcome([.. changed.Select(t => t.Id)], gone, items, joined, left);
    }

    /// <summary>What a rule reads of a stored item: the stored plain texts, and the content from the item's JSON.</summary>
    internal static MatchInput Input(StoredMatchText item, FeedSource? feed) =>
        new(item.Title, item.Summary, ContentOf(item.Data) ?? item.Summary, item.Categories, item.Author, item.Language, item.FeedId, feed?.Tags ?? []);

    internal static string? ContentOf(string data)
    {
        try
        {
            using var json = JsonDocument.Parse(data);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("content", out var content)
                || content.ValueKind != JsonValueKind.Array
                || content.GetArrayLength() == 0)
            {
                return null;
            }

            var first = content[0];
            var value = first.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
            var type = first.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return type is "text/html" or "application/xhtml+xml" or "html" or "xhtml" ? PlainText.From(value) : PlainText.Fold(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Feeds by id for their tags; a feeds file that does not load leaves tags out rather than stopping the run.</summary>
    private Dictionary<string, FeedSource> SafeFeeds()
    {
        try
        {
            return feeds.All.ToDictionary(f => f.Id, StringComparer.Ordinal);
        }
        catch (Configuration.ConfigException)
        {
            return [];
        }
    }
}
