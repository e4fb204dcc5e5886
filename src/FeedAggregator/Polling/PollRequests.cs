using FeedAggregator.Sources;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>
/// Moves of a feed's trigger that must not undo each other: a poll asked for now (<c>POST /api/feeds/{id}/refresh</c>)
/// and the rescheduling at the end of each poll. A request that comes while the feed's poll is running waits for that
/// poll (one poll at a time per feed), and the poll's rescheduling would otherwise put the feed's regular schedule over
/// it, so the poll asked for would not run until the next interval. Each requested trigger carries its own mark, and a
/// poll leaves a trigger in place that carries a mark other than the one that fired it.
/// </summary>
internal sealed class PollRequests
{
    /// <summary>The job data key of a requested trigger's mark.</summary>
    public const string RequestKey = "pollRequest";

    private readonly SemaphoreSlim moves = new(1, 1);

    /// <summary>Moves the feed's trigger to <paramref name="now"/>; null when the feed has no trigger yet.</summary>
    public async Task<DateTimeOffset?> RequestAsync(IScheduler scheduler, FeedSource feed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The interval shape (also for a cron feed, whose next cron time may be far off) keeps the feed polled should
        // this poll fail before the job puts the feed's own schedule back.
        var trigger = PollTriggers.For(feed with { Cron = null }, now, request: Guid.NewGuid().ToString("N"));
        await moves.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await scheduler.RescheduleJob(trigger.Key, trigger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            moves.Release();
        }
    }

    /// <summary>
    /// Replaces the trigger that fired a poll with <paramref name="next"/>, unless a poll was asked for while it ran;
    /// false when that request was left standing.
    /// </summary>
    public async Task<bool> RescheduleAfterPollAsync(IScheduler scheduler, ITrigger fired, ITrigger next)
    {
        await moves.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var current = await scheduler.GetTrigger(fired.Key, CancellationToken.None).ConfigureAwait(false);
            if (MarkOf(current) is { } asked && asked != MarkOf(fired))
            {
                return false;
            }

            await scheduler.RescheduleJob(fired.Key, next, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        finally
        {
            moves.Release();
        }
    }

    private static string? MarkOf(ITrigger? trigger) =>
        trigger is not null && trigger.JobDataMap.TryGetString(RequestKey, out var mark) ? mark : null;
}
