using FeedAggregator.Configuration;

namespace FeedAggregator.Topics;

/// <summary>
/// Applies edits of <c>topics.json</c> without a restart. The file is checked every second; an edit is read once its
/// size and time have stayed the same for a second, so a file an editor is still writing is not taken for a broken one.
/// An edit that does not validate is logged with every error and the topics in force stay.
/// </summary>
internal sealed class TopicsFileWatcher(TopicCatalog catalog, AggregatorPaths paths, ILogger<TopicsFileWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var applied = Stamp();
        var seen = applied;
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = Stamp();
            if (now == applied || now != seen)
            {
                // Unchanged, or still changing: look again next tick.
                seen = now;
                continue;
            }

            applied = now;
            if (catalog.Reload())
            {
                logger.LogInformation("Applied {File}: {TopicCount} topic(s) in force", paths.TopicsFileDisplay, catalog.All.Count);
            }
            else if (catalog.RejectedErrors.Count > 0)
            {
                logger.LogError("Refused the edit of {File}; the topics in force stay: {Errors}",
                    paths.TopicsFileDisplay, string.Join("; ", catalog.RejectedErrors));
            }
        }
    }

    private (long Length, DateTime Written) Stamp()
    {
        try
        {
            var file = new FileInfo(paths.TopicsFile);
            return file.Exists ? (file.Length, file.LastWriteTimeUtc) : (-1, DateTime.MinValue);
        }
        catch (IOException)
        {
            return (-1, DateTime.MinValue);
        }
    }
}
