using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Quartz;
using static FeedAggregator.Api.HealthEndpoints;

namespace FeedAggregator.Api;

/// <summary>
/// <c>GET /api/feeds</c>, <c>GET /api/feeds/{id}</c>: each configured feed as feeds.json has it, with its health as
/// <c>/health</c> reports it; <c>POST /api/feeds/{id}/refresh</c> (admin): poll a feed now.
/// </summary>
public static class FeedsApi
{
    public static IEndpointRouteBuilder MapFeedsApi(this IEndpointRouteBuilder routes)
    {
        var feeds = routes.MapGroup("/api/feeds").WithTags("Feeds").ProducesProblem(StatusCodes.Status401Unauthorized);
        feeds.MapGet("", ListAsync)
            .WithName("ListFeeds")
            .WithSummary("Every configured feed, with its configuration and health");
        feeds.MapGet("/{id}", GetAsync)
            .WithName("GetFeed")
            .WithSummary("One configured feed, with its configuration and health")
            .ProducesProblem(StatusCodes.Status404NotFound);
        feeds.MapPost("/{id}/refresh", RefreshAsync)
            .WithName("RefreshFeed")
            .WithSummary("Poll a feed now; its regular schedule resumes after that poll")
            .RequireAdminKey()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>A configured feed: <see cref="Interval"/> is null when a <see cref="Cron"/> expression schedules it.</summary>
    public sealed record FeedView(
        string Id,
        string Url,
        string? Title,
        string? Language,
        TimeSpan? Interval,
        string? Cron,
        IReadOnlyList<string> Tags,
        bool Enabled,
        bool Sample,
        FeedHealth Health)
    {
        internal static FeedView Of(FeedSource feed, FeedStatus? status) => new(
            feed.Id,
            feed.Url.ToString(),
            feed.Title,
            feed.Language,
            feed.Cron is null ? feed.Interval : null,
            feed.Cron,
            feed.Tags,
            feed.Enabled,
            feed.Sample,
            FeedHealth.Of(feed, status));
    }

    /// <summary>The answer to a refresh: the poll was asked for at <see cref="RequestedAt"/>.</summary>
    public sealed record RefreshAccepted(string Id, DateTimeOffset RequestedAt);

    private static async Task<Ok<IReadOnlyList<FeedView>>> ListAsync(FeedCatalog catalog, FeedStatusStore statuses, CancellationToken cancellationToken)
    {
        var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<FeedView>>([.. catalog.All.Select(feed => FeedView.Of(feed, known.GetValueOrDefault(feed.Id)))]);
    }

    private static async Task<Results<Ok<FeedView>, ProblemHttpResult>> GetAsync(
        string id, FeedCatalog catalog, FeedStatusStore statuses, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } feed)
        {
            return NoSuchFeed(id);
        }

        return TypedResults.Ok(FeedView.Of(feed, await statuses.GetAsync(id, cancellationToken).ConfigureAwait(false)));
    }

    private static async Task<Results<Accepted<RefreshAccepted>, ProblemHttpResult>> RefreshAsync(
        string id, HttpContext http, FeedCatalog catalog, ISchedulerFactory schedulers, PollRequests requests, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } feed)
        {
            return NoSuchFeed(id);
        }

        if (!feed.Enabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Feed disabled",
                detail: $"The feed '{id}' is disabled in the feeds file (\"enabled\": false); enable it to poll it.");
        }

        // The feed's own trigger is moved to now rather than a second, one-off trigger fired: the poll job reschedules
        // the trigger that fired it under the feed's key, which a one-off trigger's key would collide with.
        var now = time.GetUtcNow();
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var moved = await requests.RequestAsync(scheduler, feed, now, cancellationToken).ConfigureAwait(false);
        if (moved is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Feed not scheduled yet",
                detail: $"The feed '{id}' was just added or enabled and is still being scheduled; try again in a moment.");
        }

        loggers.CreateLogger(typeof(FeedsApi).FullName!).LogInformation("Key {KeyName} asked for a poll of {FeedId} now", http.CallerName(), feed.Id);
        return TypedResults.Accepted($"/api/feeds/{Uri.EscapeDataString(feed.Id)}", new RefreshAccepted(feed.Id, now));
    }

    private static ProblemHttpResult NoSuchFeed(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such feed", detail: $"No feed with the id '{id}' is configured.");
}
