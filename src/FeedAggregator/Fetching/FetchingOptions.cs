using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Fetching;

/// <summary>The <c>Fetching</c> section: how politely and how far the service reaches for a feed.</summary>
public sealed class FetchingOptions
{
    public const string Section = "Fetching";

    /// <summary>Product token sent as the User-Agent, followed by the contact URL.</summary>
    [Required(AllowEmptyStrings = false)]
    public string UserAgent { get; set; } = "FeedAggregator/1.0";

    /// <summary>
    /// Where publishers can reach whoever runs this instance (a page or <c>mailto:</c>), sent in the User-Agent;
    /// when empty, <c>Aggregator:PublicBaseUrl</c> is sent instead.
    /// </summary>
    public string ContactUrl { get; set; } = "";

    /// <summary>Time allowed for one attempt, headers and body together.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest body accepted, counted after decompression while streaming.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Retries within one poll for transient failures (network errors, 408, 5xx); 429 is never retried within a poll.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Redirects followed in one fetch.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>A permanent redirect (301, 308) seen on this many consecutive polls moves the feed to its new URL.</summary>
    [Range(1, 100)]
    public int PermanentRedirectPolls { get; set; } = 3;

    /// <summary>Fetches in flight at once, over all feeds.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentFetches { get; set; } = 16;

    /// <summary>Fetches in flight at once to one host.</summary>
    [Range(1, 64)]
    public int MaxFetchesPerHost { get; set; } = 2;

    /// <summary>Upper bound of every delay the service chooses or a publisher asks for: backoff, Retry-After, max-age, Expires, ttl.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a host whose requests keep failing is left alone (the circuit breaker's break).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HostBreakDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts to one host within two minutes, all failing, that open its circuit breaker.</summary>
    [Range(2, 1000)]
    public int HostFailuresToBreak { get; set; } = 6;

    /// <summary>Let redirects lead from public addresses into private networks. Off by default (SSRF).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Addresses or CIDR networks counted as public although they lie in a private range (a publisher on a VPN, tests).</summary>
    public List<string> PublicAddresses { get; set; } = [];

    /// <summary>The User-Agent header: the product token and a contact URL.</summary>
    public string UserAgentHeader(string? publicBaseUrl)
    {
        var contact = !string.IsNullOrWhiteSpace(ContactUrl) ? ContactUrl.Trim() : publicBaseUrl?.Trim();
        return string.IsNullOrEmpty(contact) ? $"{UserAgent} (news feed aggregator)" : $"{UserAgent} (news feed aggregator; +{contact})";
    }
}
