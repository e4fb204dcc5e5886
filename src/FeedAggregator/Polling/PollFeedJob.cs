using FeedAggregator.Sources;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>The Quartz job behind every feed's trigger: one poll at a time per feed.</summary>
[DisallowConcurrentExecution]
internal sealed class PollFeedJob(FeedCatalog catalog, FeedRefresher refresher, ILogger<PollFeedJob> logger) : IJob
{
    public const string FeedIdKey = "feedId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var feedId = context.MergedJobDataMap.GetString(FeedIdKey)!;
        var feed = catalog.Find(feedId);
        if (feed is null || !feed.Enabled)
        {
            logger.LogInformation("Feed {FeedId} is no longer configured; not polling it", feedId);
            return;
        }

        await refresher.RefreshAsync(feed, context.NextFireTimeUtc, cancellationToken).ConfigureAwait(false);
    }
}
