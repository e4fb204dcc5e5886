using FeedAggregator.Sources;

namespace FeedAggregator.Topics;

/// <summary>
/// Runs <see cref="TopicReevaluation"/> in the background: once at start-up, and again whenever the topics in force
/// change, or the store takes writes again after a re-evaluation could not write. Polls go on meanwhile; new items
/// are matched at ingest against the topics already in force.
/// </summary>
public sealed class TopicReevaluator(
    TopicCatalog catalog, FeedCatalog feeds, TopicReevaluation reevaluation, Storage.Database database, ILogger<TopicReevaluator> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(1, 1);
    private readonly Lock gate = new();
    private HashSet<string> again = new(StringComparer.Ordinal);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Changed += OnChanged;
        feeds.Changed += OnFeedsChanged;
        database.Health.Resumed += OnResumed;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnChanged;
        feeds.Changed -= OnFeedsChanged;
        database.Health.Resumed -= OnResumed;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnChanged(IReadOnlyList<Topic> topics)
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    /// <summary>A re-evaluation that met a store it could not write runs again once the store takes writes.</summary>
    private void OnResumed() => OnChanged(catalog.All);

    /// <summary>
    /// A feed's tags or language take part in matching (topics limited to feeds or tags; the feed's language when an
    /// item names none): when they change, the topics they can affect are evaluated again.
    /// </summary>
    private void OnFeedsChanged(IReadOnlyList<FeedSource> before, IReadOnlyList<FeedSource> after)
    {
        var old = before.ToDictionary(f => f.Id, f => (f.Language, Tags: string.Join('\n', f.Tags)), StringComparer.Ordinal);
        var moved = after.Where(f => !old.TryGetValue(f.Id, out var was) || was != (f.Language, string.Join('\n', f.Tags))).ToList();
        if (moved.Count == 0)
        {
            return;
        }

        var languages = moved.Any(f => f.Language != (old.TryGetValue(f.Id, out var was) ? was.Language : null));
        var affected = catalog.All.Where(t => languages || t.Feeds.Count > 0 || t.Tags.Count > 0).Select(t => t.Id);
        lock (gate)
        {
            again.UnionWith(affected);
        }

        OnChanged(catalog.All);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            HashSet<string> forced = [];
            try
            {
                lock (gate)
                {
                    (forced, again) = (again, new HashSet<string>(StringComparer.Ordinal));
                }

                var outcome = await reevaluation.RunAsync(catalog.All, stoppingToken, forced).ConfigureAwait(false);
                if (outcome.Evaluated.Count > 0 || outcome.Forgotten.Count > 0)
                {
                    logger.LogInformation(
                        "Re-evaluated topics {Topics} over {ItemCount} stored item(s): {Joined} in, {Left} out; removed topics {Removed}",
                        outcome.Evaluated, outcome.Items, outcome.Joined, outcome.Left, outcome.Forgotten);
                }

            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (Storage.StoreFault.Of(e) is { Kind: "disk-full" or "read-only" })
            {
                // The store cannot be written now (its own log line says why): the same topics again once it can.
                logger.LogWarning("Re-evaluating topics waits for the store to take writes again: {Error}", e.Message);
                lock (gate)
                {
                    again.UnionWith(forced);
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or Configuration.ConfigException)
            {
                logger.LogError("Re-evaluating topics failed: {Error}", e.Message);
            }

            await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
