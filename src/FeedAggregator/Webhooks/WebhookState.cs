namespace FeedAggregator.Webhooks;

/// <summary>The batch an endpoint is trying to deliver: its first and last change and the body made for it.</summary>
internal sealed record PendingBatch(long FirstSeq, long LastSeq, string Body);

/// <summary>The last batch an endpoint gave up on after its retry budget, and the error of its last attempt.</summary>
public sealed record FailedBatch(long FirstSeq, long LastSeq, DateTimeOffset At, string? Error);

/// <summary>
/// One row of <c>webhook_deliveries</c>. <see cref="LastDeliveredSeq"/> is the endpoint's position in the change feed:
/// every change up to it was delivered, did not match, or belongs to a batch given up on (<see cref="Failed"/>).
/// </summary>
internal sealed record DeliveryState(
    string Endpoint,
    long LastDeliveredSeq,
    DateTimeOffset? LastDeliveredAt,
    PendingBatch? Pending,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    FailedBatch? Failed);

/// <summary>What one attempt at a batch came to. <see cref="Status"/> is null when no answer came back.</summary>
internal sealed record AttemptResult(bool Delivered, int? Status, string? Error, DateTimeOffset? RetryAfter);
