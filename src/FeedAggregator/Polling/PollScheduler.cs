using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>
/// On start-up, brings topic membership up to date with the topics in force, then gives every enabled feed
/// its own Quartz job and trigger. First polls are spread at random, and a feed polled recently is not polled again early.
/// </summary>
internal sealed class PollScheduler(
    ISchedulerFactory schedulers,
    FeedCatalog feeds,
    TopicCatalog topics,
    TopicItemStore topicItems,
    FeedStatusStore statuses,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<PollScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var reevaluated = await topics.SyncStoreAsync(topicItems, cancellationToken).ConfigureAwait(false);
        if (reevaluated.Count > 0)
        {
            logger.LogInformation("Re-evaluated stored items for new or changed topics {Topics}", reevaluated);
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var feed in feeds.Enabled)
        {
            var firstRun = FirstRun(feed, known.GetValueOrDefault(feed.Id), now);
            var job = JobBuilder.Create<PollFeedJob>()
                .WithIdentity(feed.Id, "feeds")
                .UsingJobData(PollFeedJob.FeedIdKey, feed.Id)
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(feed.Id, "feeds")
                .StartAt(firstRun);
            trigger = feed.Cron is { } cron
                ? trigger.WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                : trigger.WithSimpleSchedule(s => s.WithInterval(feed.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
            await scheduler.ScheduleJob(job, trigger.Build(), new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Scheduled {FeedCount} feed(s) for polling", feeds.Enabled.Count());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private DateTimeOffset FirstRun(FeedSource feed, FeedStatus? status, DateTimeOffset now)
    {
        var spread = feed.Interval < options.Value.FirstRunSpread ? feed.Interval : options.Value.FirstRunSpread;
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * spread.TotalMilliseconds);
        var due = status?.LastPollAt is { } last && feed.Cron is null ? last + feed.Interval : now;
        return (due > now ? due : now) + jitter;
    }
}
