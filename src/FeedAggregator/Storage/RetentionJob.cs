using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>Runs <see cref="ItemRetention"/> when the service starts and then every six hours.</summary>
public sealed class RetentionJob(ItemRetention retention, TimeProvider time, ILogger<RetentionJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await retention.RunAsync(stoppingToken).ConfigureAwait(false);
            if (outcome.ItemsRemoved > 0 || outcome.ChangesPruned > 0)
            {
                logger.LogInformation("Retention removed {ItemCount} item(s) and pruned {ChangeCount} change(s)", outcome.ItemsRemoved, outcome.ChangesPruned);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // A busy or unreadable store this time is tried again at the next tick; the service keeps running.
            logger.LogError("Retention failed: {Error}", e.Message);
        }
    }
}
