using System.Threading.Channels;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>
/// Gives every enabled feed its own Quartz job and trigger: all of them on start-up (topic membership is brought up
/// to date in the background by <see cref="Topics.TopicReevaluator"/>), then the difference each time the feeds in
/// force change. A feed is first polled when its last poll planned, or, when due, at a random time within its
/// interval. A removed or disabled feed loses its job (a poll under way finishes; stored items stay); a new or
/// enabled feed gets one; a feed whose URL, interval or cron changed is rescheduled.
/// </summary>
internal sealed class PollScheduler(
    ISchedulerFactory schedulers,
    FeedCatalog feeds,
    FeedStatusStore statuses,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<PollScheduler> logger) : BackgroundService
{
    private readonly Channel<(IReadOnlyList<FeedSource> Before, IReadOnlyList<FeedSource> After)> changes =
        Channel.CreateUnbounded<(IReadOnlyList<FeedSource>, IReadOnlyList<FeedSource>)>(new UnboundedChannelOptions { SingleReader = true });

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var feed in feeds.Enabled)
        {
            var status = known.GetValueOrDefault(feed.Id);
            await ScheduleAsync(scheduler, FirstShape(feed, status, now), FirstRun(feed, status, now), cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Scheduled {FeedCount} feed(s) for polling", feeds.Enabled.Count());
        feeds.Changed += OnChanged;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        feeds.Changed -= OnChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnChanged(IReadOnlyList<FeedSource> before, IReadOnlyList<FeedSource> after) => changes.Writer.TryWrite((before, after));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (before, after) in changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SyncAsync(before, after, stoppingToken).ConfigureAwait(false);
            }
            catch (SchedulerException e)
            {
                logger.LogError(e, "Rescheduling feeds after a configuration change failed");
            }
        }
    }

    /// <summary>Brings the scheduler from the feeds <paramref name="before"/> to those <paramref name="after"/>.</summary>
    internal async Task SyncAsync(IReadOnlyList<FeedSource> before, IReadOnlyList<FeedSource> after, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var old = before.Where(f => f.Enabled).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var current = after.Where(f => f.Enabled).ToDictionary(f => f.Id, StringComparer.Ordinal);
        foreach (var id in old.Keys.Where(id => !current.ContainsKey(id)))
        {
            await scheduler.DeleteJob(new JobKey(id, PollTriggers.Group), cancellationToken).ConfigureAwait(false);
            var reason = after.Any(f => f.Id == id) ? "disabled" : "removed";
            logger.LogInformation("Stopped polling {FeedId}: {Reason} in the feeds file; its stored items stay", id, reason);
        }

        var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var feed in current.Values)
        {
            var status = known.GetValueOrDefault(feed.Id);
            if (!old.TryGetValue(feed.Id, out var was))
            {
                await ScheduleAsync(scheduler, FirstShape(feed, status, now), FirstRun(feed, status, now), cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Started polling {FeedId} ({Url})", feed.Id, feed.Url);
            }
            else if (was.Url != feed.Url || was.Interval != feed.Interval || was.Cron != feed.Cron)
            {
                await ScheduleAsync(scheduler, feed, Rescheduled(feed, status, now), cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Rescheduled {FeedId}: its URL, interval or cron changed", feed.Id);
            }
        }
    }

    private static Task ScheduleAsync(IScheduler scheduler, FeedSource feed, DateTimeOffset firstRun, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<PollFeedJob>()
            .WithIdentity(feed.Id, PollTriggers.Group)
            .UsingJobData(PollFeedJob.FeedIdKey, feed.Id)
            .Build();
        return scheduler.ScheduleJob(job, PollTriggers.For(feed, firstRun), new ScheduleJobOptions { Replace = true }, cancellationToken).AsTask();
    }

    /// <summary>
    /// When a feed is first polled after start-up: when its last poll planned (so backoff and Retry-After outlive a
    /// restart); a feed already due at a random time over its interval (at most <see cref="PollingOptions.RestartSpread"/>),
    /// so that a restart does not stampede; a feed never polled within <see cref="PollingOptions.FirstRunSpread"/>.
    /// </summary>
    private DateTimeOffset FirstRun(FeedSource feed, FeedStatus? status, DateTimeOffset now)
    {
        var known = Polled(feed, status);
        if (known && status!.NextPollAt is { } planned && planned > now)
        {
            return planned;
        }

        var limit = known ? options.Value.RestartSpread : options.Value.FirstRunSpread;
        var spread = feed.Interval < limit ? feed.Interval : limit;
        return now + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * spread.TotalMilliseconds);
    }

    /// <summary>
    /// The shape of a feed's first trigger. A cron trigger first fires at the first cron time at or after its start, so a
    /// cron feed that is due (its planned poll passed while the service was down, or a kill cut that poll short) would
    /// wait for its next cron time, a day later for a daily cron, instead of being polled within the spread of
    /// <see cref="FirstRun"/>. It gets the interval shape, as a refresh does (FeedsApi); its poll puts the cron back.
    /// </summary>
    private static FeedSource FirstShape(FeedSource feed, FeedStatus? status, DateTimeOffset now) =>
        feed.Cron is not null && Polled(feed, status) && !(status!.NextPollAt > now) ? feed with { Cron = null } : feed;

    /// <summary>The feed was polled at its configured URL before: its status says when it is next due.</summary>
    private static bool Polled(FeedSource feed, FeedStatus? status) =>
        status is not null && status.Url == feed.Url.ToString() && status.LastPollAt is not null;

    /// <summary>
    /// A feed whose schedule changed: a new URL is polled soon, as a new feed is; a new interval or cron counts from
    /// the last poll, but never later than the time the last poll planned (a shorter interval takes effect at once).
    /// </summary>
    private DateTimeOffset Rescheduled(FeedSource feed, FeedStatus? status, DateTimeOffset now)
    {
        if (status?.LastPollAt is not { } last || status.Url != feed.Url.ToString())
        {
            return FirstRun(feed, null, now);
        }

        var regular = PollPlanner.Regular(feed.Interval, feed.Cron, last);
        var next = status.NextPollAt is { } planned && planned < regular ? planned : regular;
        return next > now ? next : now;
    }
}
