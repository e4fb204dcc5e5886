using FeedAggregator.Sources;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>
/// The Quartz job behind every feed's trigger: one poll at a time per feed. After each poll the feed's trigger is
/// replaced by one that fires when <see cref="PollPlanner"/> says, so backoff, Retry-After, caching headers and ttl
/// all take effect through the scheduler.
/// </summary>
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

        var outcome = await refresher.RefreshAsync(feed, cancellationToken).ConfigureAwait(false);
        // The feeds file may have changed during the poll: the trigger follows the feed as it is configured now, and
        // a feed removed, disabled or moved to another URL meanwhile was rescheduled (or unscheduled) by the change itself.
        if (outcome.NextPollAt is { } next && !cancellationToken.IsCancellationRequested && catalog.Find(feedId) is { Enabled: true } now && now.Url == feed.Url)
        {
            await context.Scheduler.RescheduleJob(context.Trigger.Key, PollTriggers.For(now, next), CancellationToken.None).ConfigureAwait(false);
        }
    }
}

/// <summary>The one shape of a feed's trigger: first fire at a given time, then the feed's interval or cron (in UTC).</summary>
internal static class PollTriggers
{
    public const string Group = "feeds";

    public static ITrigger For(FeedSource feed, DateTimeOffset startAt)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(feed.Id, Group)
            .ForJob(feed.Id, Group)
            .StartAt(startAt);
        trigger = feed.Cron is { } cron
            ? trigger.WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            : trigger.WithSimpleSchedule(s => s.WithInterval(feed.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
        return trigger.Build();
    }
}
