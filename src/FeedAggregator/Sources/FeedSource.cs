namespace FeedAggregator.Sources;

/// <summary>One operator-configured feed, validated.</summary>
/// <param name="Id">Slug that names the feed everywhere: store, logs, API.</param>
/// <param name="Url">Absolute http, https or file URL.</param>
/// <param name="Interval">Time between polls; ignored when <paramref name="Cron"/> is set.</param>
/// <param name="Cron">Quartz cron expression that replaces the interval.</param>
/// <param name="Sample">Marks bundled sample feeds, so operators can tell them from real sources.</param>
public sealed record FeedSource(
    string Id,
    Uri Url,
    string? Title,
    string? Language,
    TimeSpan Interval,
    string? Cron,
    IReadOnlyList<string> Tags,
    bool Enabled,
    bool Sample)
{
    // Tags are a list: compare them by content, so that an unchanged feed read again from the file equals itself.
    public bool Equals(FeedSource? other) =>
        other is not null
        && (Id, Url, Title, Language, Interval, Cron, Enabled, Sample) == (other.Id, other.Url, other.Title, other.Language, other.Interval, other.Cron, other.Enabled, other.Sample)
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Id, Url, Interval, Cron, Enabled);
}
