namespace FeedAggregator.Storage;

/// <summary>An item as the store keeps it, with the feed it came from.</summary>
/// <param name="Uid">Stable public id: a hash of feed id and item identity, the same after re-ingest or a rebuild.</param>
/// <param name="SortAt">Published time, or first-seen time when the feed gave none or a future one.</param>
public sealed record StoredItem(
    long Id,
    string Uid,
    string FeedId,
    string? FeedUrl,
    string? FeedTitle,
    string? Link,
    string Title,
    string Summary,
    string? Author,
    IReadOnlyList<string> Categories,
    string? Language,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    DateTimeOffset FirstSeen,
    DateTimeOffset SortAt);

/// <summary>What one poll did to the store.</summary>
public sealed record IngestResult(int Added, int Updated, int Unchanged);
