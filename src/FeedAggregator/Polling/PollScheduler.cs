using FeedAggregator.Sources;
using FeedAggregator.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>
/// On start-up, gives every enabled feed its own Quartz job and trigger (topic membership is brought up to date in
/// the background by <see cref="Topics.TopicReevaluator"/>). A feed is first polled when its last poll planned, or, when due, at a random time
/// within its interval.
/// </summary>
internal sealed class PollScheduler(
    ISchedulerFactory schedulers,
    FeedCatalog feeds,
    FeedStatusStore statuses,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<PollScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var feed in feeds.Enabled)
        {
            var firstRun = FirstRun(feed, known.GetValueOrDefault(feed.Id), now);
            var job = JobBuilder.Create<PollFeedJob>()
                .WithIdentity(feed.Id, PollTriggers.Group)
                .UsingJobData(PollFeedJob.FeedIdKey, feed.Id)
                .Build();
            await scheduler.ScheduleJob(job, PollTriggers.For(feed, firstRun), new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Scheduled {FeedCount} feed(s) for polling", feeds.Enabled.Count());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// When a feed is first polled after start-up: when its last poll planned (so backoff and Retry-After outlive a
    /// restart); a feed already due at a random time over its interval (at most <see cref="PollingOptions.RestartSpread"/>),
    /// so that a restart does not stampede; a feed never polled within <see cref="PollingOptions.FirstRunSpread"/>.
    /// </summary>
    private DateTimeOffset FirstRun(FeedSource feed, FeedStatus? status, DateTimeOffset now)
    {
        var known = status is not null && status.Url == feed.Url.ToString() && status.LastPollAt is not null;
        if (known && status!.NextPollAt is { } planned && planned > now)
        {
            return planned;
        }

        var limit = known ? options.Value.RestartSpread : options.Value.FirstRunSpread;
        var spread = feed.Interval < limit ? feed.Interval : limit;
        return now + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * spread.TotalMilliseconds);
    }
}
