using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Fetching;

/// <summary>The <c>Fetching</c> section: how politely and how far the service reaches for a feed.</summary>
public sealed class FetchingOptions
{
    public const string Section = "Fetching";

    [Required(AllowEmptyStrings = false)]
    public string UserAgent { get; set; } = "FeedAggregator/0.1 (news feed aggregator; set Fetching:UserAgent to add a contact URL)";

    /// <summary>Time allowed for one attempt, headers and body together.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest body accepted, counted after decompression while streaming.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Retries within one poll for transient failures (network errors, 408, 5xx).</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
