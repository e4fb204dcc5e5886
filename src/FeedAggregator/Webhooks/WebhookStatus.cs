using Microsoft.Extensions.Options;

namespace FeedAggregator.Webhooks;

/// <summary>
/// One endpoint as <c>/health</c> shows it. <see cref="Url"/> is the receiver's origin only (scheme, host, port):
/// <c>/health</c> is open to anyone, and receivers often carry a token of their own in the path or query.
/// </summary>
public sealed record WebhookHealth(
    string Name,
    string Url,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Events,
    long? LastDeliveredSeq,
    DateTimeOffset? LastDeliveredAt,
    long? PendingSeq,
    long? PendingLastSeq,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    FailedBatch? Failed);

/// <summary>Every configured endpoint's delivery state, for <c>/health</c>.</summary>
internal sealed class WebhookStatus(WebhookStore store, IOptions<WebhookOptions> options)
{
    public async Task<IReadOnlyList<WebhookHealth>> ReadAsync(CancellationToken cancellationToken)
    {
        var endpoints = options.Value.Endpoints;
        if (endpoints.Count == 0)
        {
            return [];
        }

        var states = await store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. endpoints.Select(endpoint =>
        {
            var state = states.GetValueOrDefault(endpoint.Name!);
            return new WebhookHealth(
                endpoint.Name!,
                $"{endpoint.Uri.Scheme}://{endpoint.Uri.Authority}",
                endpoint.Topics,
                endpoint.EffectiveEvents,
                state?.LastDeliveredSeq,
                state?.LastDeliveredAt,
                state?.Pending?.FirstSeq,
                state?.Pending?.LastSeq,
                state?.Attempts ?? 0,
                state?.Pending is null ? null : state.NextAttemptAt,
                state?.LastAttemptAt,
                state?.LastStatus,
                state?.LastError,
                state?.Failed);
        })];
    }
}
