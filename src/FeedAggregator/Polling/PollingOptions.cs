using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Polling;

/// <summary>The <c>Polling</c> section: how many polls run at once and how first polls are spread.</summary>
public sealed class PollingOptions
{
    public const string Section = "Polling";

    /// <summary>Polls running at the same time, over all feeds.</summary>
    [Range(1, 256)]
    public int MaxConcurrentPolls { get; set; } = 16;

    /// <summary>First polls after start-up are spread at random over this span (or the feed's interval, if shorter), so a restart does not stampede.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstRunSpread { get; set; } = TimeSpan.FromSeconds(30);
}
