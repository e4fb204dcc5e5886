namespace FeedAggregator.Topics;

/// <summary>
/// Runs <see cref="TopicReevaluation"/> in the background: once at start-up, and again whenever the topics in force
/// change. Polls go on meanwhile; new items are matched at ingest against the topics already in force.
/// </summary>
public sealed class TopicReevaluator(TopicCatalog catalog, TopicReevaluation reevaluation, ILogger<TopicReevaluator> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(1, 1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Changed += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnChanged(IReadOnlyList<Topic> topics)
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await reevaluation.RunAsync(catalog.All, stoppingToken).ConfigureAwait(false);
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
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or Configuration.ConfigException)
            {
                logger.LogError("Re-evaluating topics failed: {Error}", e.Message);
            }

            await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
