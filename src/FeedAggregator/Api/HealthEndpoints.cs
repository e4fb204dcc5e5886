using FeedAggregator.Sources;
using FeedAggregator.Storage;

namespace FeedAggregator.Api;

/// <summary><c>GET /health</c>: 200 with every configured feed's last poll, last success and last error.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (FeedCatalog feeds, FeedStatusStore statuses, Database database, CancellationToken cancellationToken) =>
        {
            var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
            var report = feeds.All.Select(feed =>
            {
                var status = known.GetValueOrDefault(feed.Id);
                return new FeedHealth(
                    feed.Id,
                    feed.Url.ToString(),
                    feed.Enabled,
                    feed.Sample,
                    status is null ? "pending" : status.LastErrorClass is null ? "ok" : "failing",
                    status?.LastPollAt,
                    status?.LastSuccessAt,
                    status?.LastHttpStatus,
                    status?.LastErrorClass,
                    status?.LastError,
                    status?.ConsecutiveFailures ?? 0,
                    status?.ItemsAddedLast ?? 0,
                    status?.NextPollAt);
            }).ToList();
            return Results.Ok(new HealthReport("ok", database.SchemaVersion, report));
        });
        return routes;
    }

    internal sealed record HealthReport(string Status, int SchemaVersion, IReadOnlyList<FeedHealth> Feeds);

    internal sealed record FeedHealth(
        string Id,
        string Url,
        bool Enabled,
        bool Sample,
        string State,
        DateTimeOffset? LastPollAt,
        DateTimeOffset? LastSuccessAt,
        int? LastHttpStatus,
        string? LastErrorClass,
        string? LastError,
        int ConsecutiveFailures,
        int ItemsAddedLastPoll,
        DateTimeOffset? NextPollAt);
}
