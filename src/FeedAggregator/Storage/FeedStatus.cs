namespace FeedAggregator.Storage;

/// <summary>A feed's health and fetch state as the last poll left it; what operators see in /health and <c>feeds status</c>.</summary>
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
    DateTimeOffset? NextPollAt)
{
    /// <summary><c>ok</c>, <c>failing</c>, <c>gone</c> (410: polled once a day) or <c>moved</c> (polled at <see cref="EffectiveUrl"/>).</summary>
    public string State { get; init; } = FeedStates.Pending;

    /// <summary>What the last successful poll found: <c>changed</c>, <c>unchanged</c> (same bytes) or <c>not-modified</c> (304).</summary>
    public string? LastResult { get; init; }

    public FeedFetchState Fetch { get; init; } = FeedFetchState.None;
}

/// <summary>What a poll carries to the next one: validators for a conditional GET, the body's hash, the ttl, and redirects.</summary>
/// <param name="EffectiveUrl">Where the feed is polled after a permanent redirect moved it; null while it is polled where configured.</param>
/// <param name="MovedFrom">The configured URL that was moved; a different configured URL means the operator changed it, and the move is forgotten.</param>
/// <param name="RedirectTarget">The target of the permanent redirect seen on the last <paramref name="RedirectPolls"/> consecutive polls.</param>
public sealed record FeedFetchState(
    string? ETag = null,
    string? LastModified = null,
    string? BodyHash = null,
    int? TtlMinutes = null,
    string? EffectiveUrl = null,
    string? MovedFrom = null,
    string? RedirectTarget = null,
    int RedirectPolls = 0)
{
    public static readonly FeedFetchState None = new();
}

public static class FeedStates
{
    public const string Pending = "pending";
    public const string Ok = "ok";
    public const string Failing = "failing";
    public const string Gone = "gone";
    public const string Moved = "moved";
}

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
    private readonly string? state;

    public bool Succeeded => ErrorClass is null;

    /// <summary><c>changed</c>, <c>unchanged</c> or <c>not-modified</c> on success.</summary>
    public string? Result { get; init; }

    public string State
    {
        get => state ?? (Succeeded ? FeedStates.Ok : FeedStates.Failing);
        init => state = value;
    }

    public FeedFetchState Fetch { get; init; } = FeedFetchState.None;
}
