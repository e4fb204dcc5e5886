using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;

namespace FeedAggregator.Api;

/// <summary><c>GET /health</c>: 200 with every configured feed's last poll, last success and last error.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (FeedCatalog feeds, TopicCatalog topics, FeedStatusStore statuses, Database database, CancellationToken cancellationToken) =>
        {
            var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
            var report = feeds.All.Select(feed => FeedHealth.Of(feed, known.GetValueOrDefault(feed.Id))).ToList();
            var inForce = new TopicsHealth([.. topics.All.Select(t => t.Id)], [.. topics.RejectedErrors.Select(e => e.ToString())]);
            return Results.Ok(new HealthReport("ok", database.SchemaVersion, report, inForce));
        });
        return routes;
    }

    public sealed record HealthReport(string Status, int SchemaVersion, IReadOnlyList<FeedHealth> Feeds, TopicsHealth Topics);

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
