using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Publishing;

/// <summary>The <c>Publishing</c> section: how topic feeds are served.</summary>
public sealed class PublishingOptions : IValidatableObject
{
    public const string Section = "Publishing";

    /// <summary>The most items one page of a topic feed may hold (<c>?limit=</c>).</summary>
    public const int MaxItemsPerFeed = 500;

    /// <summary>Items in a topic feed page when the request names no <c>limit</c>.</summary>
    [Range(1, MaxItemsPerFeed)]
    public int ItemsPerFeed { get; set; } = 50;

    /// <summary>How long readers and caches may keep a topic feed without asking again (<c>Cache-Control: max-age</c>).</summary>
    [Range(0, 86400)]
    public int MaxAgeSeconds { get; set; } = 300;

    /// <summary>A WebSub hub (https://www.w3.org/TR/websub/) to advertise and to ping when a topic changes; none when empty.</summary>
    public string? WebSubHub { get; set; }

    /// <summary><see cref="WebSubHub"/>, or null when none is configured.</summary>
    internal string? Hub => string.IsNullOrEmpty(WebSubHub) ? null : WebSubHub;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Empty means "no hub", as the key being absent does; anything else must be a URL a hub can be reached at.
        if (Hub is { } hub && (!Uri.TryCreate(hub, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"'{hub}' is not an absolute http or https URL", [nameof(WebSubHub)]);
        }
    }
}
