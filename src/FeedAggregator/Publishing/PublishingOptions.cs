using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Publishing;

/// <summary>The <c>Publishing</c> section: how topic feeds are served.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>Items in a topic feed.</summary>
    [Range(1, 500)]
    public int ItemsPerFeed { get; set; } = 50;
}
