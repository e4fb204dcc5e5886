using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Polling;

/// <summary>The <c>Polling</c> section: how many polls run at once and how first polls are spread.</summary>
public sealed class PollingOptions
{
    public const string Section = "Polling";

    /// <summary>
    /// Polls under way at the same time, over all feeds (Quartz's threads). Fetches are limited separately, overall and
    /// per host (<c>Fetching</c>), so this only needs to be large enough to keep them busy.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentPolls { get; set; } = 32;

    /// <summary>Feeds never polled before are first polled at random within this span (or their interval, if shorter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstRunSpread { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Feeds already due when the service starts again are polled at random over their interval, or over this span if
    /// shorter, so that a restart does not stampede; feeds not yet due keep the time their last poll planned.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RestartSpread { get; set; } = TimeSpan.FromMinutes(10);
}
