using FeedAggregator.Sources;
using FeedAggregator.Storage;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>
/// The Quartz job behind every feed's trigger: one poll at a time per feed. After each poll the feed's trigger is
/// replaced by one that fires when <see cref="PollPlanner"/> says, so backoff, Retry-After, caching headers and ttl
/// all take effect through the scheduler. When the service is asked to stop, the poll is cut short: a fetch under way
/// is cancelled, and a poll waiting for its turn at the writer gives it up. A poll already writing finishes its
/// transaction. A poll cut short records nothing, so its feed is polled again after the restart, as if it had not run.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PollFeedJob(FeedCatalog catalog, FeedRefresher refresher, PollRequests requests, IHostApplicationLifetime lifetime, ILogger<PollFeedJob> logger) : IJob
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

        // Quartz lets running jobs finish when it shuts down, and its own token is not cancelled then; the host's
        // stopping token is what ends a poll that would otherwise wait for a slow publisher past the stop deadline.
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        PollOutcome outcome;
        try
        {
            outcome = await refresher.RefreshAsync(feed, poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (poll.IsCancellationRequested)
        {
            logger.LogInformation("Poll of {FeedId} stopped by the shutdown; nothing of it was stored, and it runs again after the restart", feedId);
            return;
        }

        // The feeds file may have changed during the poll: the trigger follows the feed as it is configured now, and
        // a feed removed, disabled or moved to another URL meanwhile was rescheduled (or unscheduled) by the change itself.
        if (outcome.NextPollAt is { } next && !poll.IsCancellationRequested && catalog.Find(feedId) is { Enabled: true } now && now.Url == feed.Url)
        {
            try
            {
                if (!await requests.RescheduleAfterPollAsync(context.Scheduler, context.Trigger, PollTriggers.For(now, next)).ConfigureAwait(false))
                {
                    logger.LogInformation("Poll of {FeedId}: another poll was asked for while it ran; it runs next", feedId);
                }
            }
            catch (SchedulerException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Stopped while this poll recorded its outcome: the stored next poll time is what the restart goes by.
            }
        }
    }
}

/// <summary>The one shape of a feed's trigger: first fire at a given time, then the feed's interval or cron (in UTC).</summary>
internal static class PollTriggers
{
    public const string Group = "feeds";

    public static ITrigger For(FeedSource feed, DateTimeOffset startAt, string? request = null)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(feed.Id, Group)
            .ForJob(feed.Id, Group)
            .StartAt(startAt);
        if (request is not null)
        {
            trigger = trigger.UsingJobData(PollRequests.RequestKey, request);
        }

        trigger = feed.Cron is { } cron
            ? trigger.WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            : trigger.WithSimpleSchedule(s => s.WithInterval(feed.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
        return trigger.Build();
    }
}
