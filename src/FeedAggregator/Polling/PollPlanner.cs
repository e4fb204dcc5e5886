using FeedAggregator.Fetching;
using Quartz;

namespace FeedAggregator.Polling;

/// <summary>What a poll tells about when to poll next.</summary>
/// <param name="Succeeded">The poll got an answer it could use (a feed, or "not modified").</param>
/// <param name="Gone">The server answered 410.</param>
/// <param name="ConsecutiveFailures">Failures in a row, this one included.</param>
/// <param name="TtlMinutes">The feed's own <c>&lt;ttl&gt;</c>.</param>
public sealed record PollHints(
    bool Succeeded,
    bool Gone = false,
    int ConsecutiveFailures = 0,
    DateTimeOffset? RetryAfter = null,
    DateTimeOffset? FreshUntil = null,
    int? TtlMinutes = null);

/// <summary>
/// Decides when a feed is polled next. After a success: the latest of the configured interval (or the next cron time),
/// <c>Retry-After</c>, <c>Cache-Control: max-age</c> or <c>Expires</c>, and the feed's <c>&lt;ttl&gt;</c>, each capped at
/// <see cref="FetchingOptions.MaxDelay"/>. After a failure: exponential backoff with jitter from the interval up to the cap,
/// and never before <c>Retry-After</c>. 410 Gone: once a day. Never "never": every feed is tried again.
/// </summary>
public static class PollPlanner
{
    public static readonly TimeSpan GoneInterval = TimeSpan.FromDays(1);

    public static DateTimeOffset Next(TimeSpan interval, string? cron, PollHints hints, DateTimeOffset now, TimeSpan maxDelay, Random? random = null)
    {
        var cap = now + maxDelay;
        DateTimeOffset Capped(DateTimeOffset? at) => at is { } value ? (value < cap ? value : cap) : now;

        if (hints.Gone)
        {
            return now + GoneInterval;
        }

        var regular = Regular(interval, cron, now);
        if (!hints.Succeeded)
        {
            var failures = Math.Clamp(hints.ConsecutiveFailures, 1, 30);
            var jitter = 0.8 + ((random ?? Random.Shared).NextDouble() * 0.4);
            var backoff = interval.TotalSeconds * Math.Pow(2, failures - 1) * jitter;
            var delayed = now + TimeSpan.FromSeconds(Math.Min(backoff, maxDelay.TotalSeconds));
            return Latest(delayed, Capped(hints.RetryAfter));
        }

        var ttl = hints.TtlMinutes is { } minutes and > 0 ? now + TimeSpan.FromMinutes(Math.Min(minutes, maxDelay.TotalMinutes)) : now;
        var earliest = Latest(Latest(Capped(hints.RetryAfter), Capped(hints.FreshUntil)), ttl);
        return earliest > regular && cron is not null ? CronAfter(cron, earliest) ?? earliest : Latest(regular, earliest);
    }

    /// <summary>The next regular time: now plus the interval, or the next time the cron expression names.</summary>
    public static DateTimeOffset Regular(TimeSpan interval, string? cron, DateTimeOffset now) =>
        cron is not null ? CronAfter(cron, now) ?? now + interval : now + interval;

    private static DateTimeOffset? CronAfter(string cron, DateTimeOffset after) =>
        CronExpression.TryParse(cron, out var expression) ? expression!.WithTimeZone(TimeZoneInfo.Utc).GetNextValidTimeAfter(after) : null;

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
