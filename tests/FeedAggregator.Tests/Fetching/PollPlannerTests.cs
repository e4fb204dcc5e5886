using FeedAggregator.Polling;

namespace FeedAggregator.Tests.Fetching;

/// <summary>When the next poll falls: a table over the interval, the server's hints, the feed's ttl, failures and the cap.</summary>
public sealed class PollPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Cap = TimeSpan.FromHours(24);

    private static TimeSpan After(PollHints hints, string? cron = null) => PollPlanner.Next(Interval, cron, hints, Now, Cap, new Random(1)) - Now;

    [TestCase(null, null, null, 10)]
    [TestCase(5, null, null, 10, Description = "hints earlier than the interval do not bring the poll forward")]
    [TestCase(60, null, null, 60)]
    [TestCase(null, 90, null, 90)]
    [TestCase(null, null, 120, 120)]
    [TestCase(60, 90, 120, 120, Description = "the latest of them")]
    [TestCase(3000, null, null, 1440, Description = "Retry-After capped at 24 h")]
    [TestCase(null, 100000, null, 1440, Description = "max-age capped")]
    [TestCase(null, null, 100000, 1440, Description = "ttl capped")]
    public void Success_TakesTheLatestOfIntervalAndHints_EachCapped(int? retryAfterMinutes, int? freshMinutes, int? ttlMinutes, int expectedMinutes)
    {
        var hints = new PollHints(
            Succeeded: true,
            RetryAfter: retryAfterMinutes is { } r ? Now.AddMinutes(r) : null,
            FreshUntil: freshMinutes is { } f ? Now.AddMinutes(f) : null,
            TtlMinutes: ttlMinutes);

        Assert.That(After(hints), Is.EqualTo(TimeSpan.FromMinutes(expectedMinutes)));
    }

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(3, 40)]
    [TestCase(6, 320)]
    [TestCase(9, 1440)]
    [TestCase(30, 1440)]
    public void Failures_BackOffExponentiallyWithJitter_UpToTheCap(int failures, int baseMinutes)
    {
        var delay = After(new PollHints(Succeeded: false, ConsecutiveFailures: failures));

        var expected = TimeSpan.FromMinutes(baseMinutes);
        Assert.That(delay, expected == Cap ? Is.EqualTo(Cap) : Is.InRange(expected * 0.8, expected * 1.2));
    }

    [Test]
    public void Failure_WaitsAtLeastForRetryAfter()
    {
        Assert.That(After(new PollHints(Succeeded: false, ConsecutiveFailures: 1, RetryAfter: Now.AddHours(3))), Is.EqualTo(TimeSpan.FromHours(3)));
    }

    [Test]
    public void Gone_IsPolledOnceADay()
    {
        Assert.That(After(new PollHints(Succeeded: false, Gone: true, ConsecutiveFailures: 40)), Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [Test]
    public void Cron_FiresAtItsNextTime_OrTheFirstOneAfterAHint()
    {
        const string everyHourAtQuarterPast = "0 15 * * * ?";

        Assert.That(After(new PollHints(Succeeded: true), everyHourAtQuarterPast), Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(After(new PollHints(Succeeded: true, FreshUntil: Now.AddMinutes(30)), everyHourAtQuarterPast), Is.EqualTo(TimeSpan.FromMinutes(75)));
    }
}
