using System.ComponentModel.DataAnnotations;

namespace FeedAggregator.Storage;

/// <summary>The <c>Storage</c> section: how long the store keeps items and changes.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// Items sorted and first seen longer ago than this are removed, with their topic rows and search rows; changes
    /// recorded longer ago are pruned from the change feed.
    /// </summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 365;

    /// <summary>Items removed per write transaction, so that polls keep writing between batches.</summary>
    [Range(1, 100000)]
    public int RetentionBatchSize { get; set; } = 500;

    internal TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
