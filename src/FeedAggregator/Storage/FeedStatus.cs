namespace FeedAggregator.Storage;

/// <summary>What the last poll of a feed found, as operators see it in /health.</summary>
public sealed record FeedStatus(
    string FeedId,
    string Url,
    DateTimeOffset? LastPollAt,
    DateTimeOffset? LastSuccessAt,
    int? LastHttpStatus,
    string? LastErrorClass,
    string? LastError,
    int ConsecutiveFailures,
    int ItemsAddedLast,
    DateTimeOffset? NextPollAt);

/// <summary>The outcome of one poll, success or failure, to record against the feed.</summary>
public sealed record PollOutcome(
    string FeedId,
    string Url,
    string? Title,
    DateTimeOffset PolledAt,
    int? HttpStatus,
    string? ErrorClass,
    string? Error,
    int ItemsAdded,
    DateTimeOffset? NextPollAt)
{
    public bool Succeeded => ErrorClass is null;
}
