using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Webhooks;

namespace FeedAggregator.Api;

/// <summary>
/// <c>GET /health</c>: 200 with whether the store takes writes, every configured feed's last poll, last success and last
/// error, and each webhook's deliveries.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (
            OperatorConfig config, FeedStatusStore statuses, Database database, WebhookStatus webhooks, CancellationToken cancellationToken) =>
        {
            var version = config.Current;
            var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
            var report = version.Feeds.Select(feed => FeedHealth.Of(feed, known.GetValueOrDefault(feed.Id))).ToList();
            var rejected = config.Rejected;
            var inForce = new TopicsHealth([.. version.Topics.Select(t => t.Id)], [.. (rejected?.Errors ?? []).Select(e => e.ToString())]);
            var deliveries = await webhooks.ReadAsync(cancellationToken).ConfigureAwait(false);
            var storage = database.Health.Current;
            return Results.Ok(new HealthReport(
                storage.Writable ? "ok" : "degraded", database.SchemaVersion, storage, ConfigHealth.Of(version, rejected), report, inForce, deliveries));
        });
        return routes;
    }

    /// <summary>
    /// <see cref="Status"/> is <c>ok</c>, or <c>degraded</c> while the store cannot be written (<see cref="Storage"/>:
    /// what is stored is still served). <see cref="Webhooks"/>: each configured webhook endpoint's deliveries (docs/webhooks.md).
    /// </summary>
    public sealed record HealthReport(
        string Status,
        int SchemaVersion,
        StoreState Storage,
        ConfigHealth Config,
        IReadOnlyList<FeedHealth> Feeds,
        TopicsHealth Topics,
        IReadOnlyList<WebhookHealth> Webhooks);

    /// <summary>
    /// Which version of the operators' files is in force (a count since start-up, and the SHA-256 of each file's bytes,
    /// comparable with <c>sha256sum</c>), its warnings, and the last refused edit with every error (null when none).
    /// </summary>
    public sealed record ConfigHealth(
        int Version,
        DateTimeOffset AppliedAt,
        string FeedsSha256,
        string TopicsSha256,
        IReadOnlyList<string> Warnings,
        RejectedEditHealth? RejectedEdit)
    {
        public static ConfigHealth Of(ConfigVersion version, RejectedEdit? rejected) => new(
            version.Number,
            version.AppliedAt,
            version.FeedsSha256,
            version.TopicsSha256,
            [.. version.Warnings.Select(w => w.ToString())],
            rejected is null ? null : new RejectedEditHealth(rejected.At, rejected.FeedsSha256, rejected.TopicsSha256, [.. rejected.Errors.Select(e => e.ToString())]));
    }

    public sealed record RejectedEditHealth(DateTimeOffset At, string FeedsSha256, string TopicsSha256, IReadOnlyList<string> Errors);

    /// <summary>The topics in force, and the errors of the last edit of the topics file that was refused (empty when none).</summary>
    public sealed record TopicsHealth(IReadOnlyList<string> InForce, IReadOnlyList<string> RejectedEdit);

    /// <summary>One feed as operators see it; <see cref="State"/> is <c>pending</c>, <c>ok</c>, <c>failing</c>, <c>gone</c> or <c>moved</c>.</summary>
    public sealed record FeedHealth(
        string Id,
        string Url,
        string EffectiveUrl,
        bool Enabled,
        bool Sample,
        string State,
        string? Notice,
        DateTimeOffset? LastPollAt,
        DateTimeOffset? LastSuccessAt,
        string? LastResult,
        int? LastHttpStatus,
        string? LastErrorClass,
        string? LastError,
        int ConsecutiveFailures,
        int ItemsAddedLastPoll,
        DateTimeOffset? NextPollAt)
    {
        public static FeedHealth Of(FeedSource feed, FeedStatus? status)
        {
            // A status recorded for another URL (the operator changed it) says nothing about this one yet.
            var current = status is not null && status.Url == feed.Url.ToString() ? status : null;
            var effective = current?.Fetch.EffectiveUrl;
            return new FeedHealth(
                feed.Id,
                feed.Url.ToString(),
                effective ?? feed.Url.ToString(),
                feed.Enabled,
                feed.Sample,
                current?.State ?? FeedStates.Pending,
                effective is not null ? $"moved to {effective}: update config" : null,
                status?.LastPollAt,
                status?.LastSuccessAt,
                current?.LastResult,
                status?.LastHttpStatus,
                status?.LastErrorClass,
                status?.LastError,
                status?.ConsecutiveFailures ?? 0,
                status?.ItemsAddedLast ?? 0,
                status?.NextPollAt);
        }
    }
}
