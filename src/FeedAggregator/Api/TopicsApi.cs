using FeedAggregator.Publishing;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedAggregator.Api;

/// <summary><c>GET /api/topics</c>, <c>GET /api/topics/{id}</c>: the topics in force, their definitions and feed URLs.</summary>
public static class TopicsApi
{
    public static IEndpointRouteBuilder MapTopicsApi(this IEndpointRouteBuilder routes)
    {
        var topics = routes.MapGroup("/api/topics").WithTags("Topics").ProducesProblem(StatusCodes.Status401Unauthorized);
        topics.MapGet("", ListAsync)
            .WithName("ListTopics")
            .WithSummary("Every topic in force, with its definition, feed URLs and newest item");
        topics.MapGet("/{id}", GetAsync)
            .WithName("GetTopic")
            .WithSummary("One topic in force, with its definition, feed URLs and newest item")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>
    /// A topic as topics.json defines it, with the URL of its feed in each format, when its items last changed
    /// (an item joined, left or was edited) and the sort time of its newest item (both null while it has none).
    /// </summary>
    public sealed record TopicView(
        string Id,
        string Title,
        string? Description,
        string? Query,
        IReadOnlyList<WeightView> Weights,
        double? Threshold,
        IReadOnlyList<string> Languages,
        IReadOnlyList<string> Feeds,
        IReadOnlyList<string> Tags,
        string Window,
        TopicUrls Urls,
        DateTimeOffset? ChangedAt,
        DateTimeOffset? NewestItemAt);

    public sealed record WeightView(string Match, double Weight);

    public sealed record TopicUrls(string Rss, string Atom, string Json);

    private static async Task<Ok<IReadOnlyList<TopicView>>> ListAsync(
        HttpContext http, TopicCatalog catalog, TopicItemStore items, TopicVersions versions, CancellationToken cancellationToken)
    {
        var baseUrl = TopicFeedEndpoints.BaseUrl(http);
        var views = new List<TopicView>();
        foreach (var topic in catalog.All)
        {
            views.Add(await ViewAsync(topic, baseUrl, items, versions, cancellationToken).ConfigureAwait(false));
        }

        return TypedResults.Ok<IReadOnlyList<TopicView>>(views);
    }

    private static async Task<Results<Ok<TopicView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, TopicCatalog catalog, TopicItemStore items, TopicVersions versions, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } topic)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such topic", detail: $"There is no topic '{id}'.");
        }

        return TypedResults.Ok(await ViewAsync(topic, TopicFeedEndpoints.BaseUrl(http), items, versions, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<TopicView> ViewAsync(Topic topic, Uri baseUrl, TopicItemStore items, TopicVersions versions, CancellationToken cancellationToken)
    {
        // The newest item is one indexed row per topic; a count would scan the topic's items, so it is left out.
        var newest = await items.LatestAsync(topic.Id, 1, cancellationToken).ConfigureAwait(false);
        return new TopicView(
            topic.Id,
            topic.Title,
            topic.Description,
            topic.Query,
            [.. topic.Weights.Select(w => new WeightView(w.Match, w.Weight))],
            topic.Threshold,
            topic.Languages,
            topic.Feeds,
            topic.Tags,
            Short(topic.Window),
            new TopicUrls(
                TopicFeedBuilder.Url(baseUrl, topic.Id, TopicFeedFormat.Rss),
                TopicFeedBuilder.Url(baseUrl, topic.Id, TopicFeedFormat.Atom),
                TopicFeedBuilder.Url(baseUrl, topic.Id, TopicFeedFormat.Json)),
            versions.Of(topic.Id).ChangedAt,
            newest.Count > 0 ? newest[0].SortAt : null);
    }

    /// <summary>The window as topics.json writes it (<c>30d</c>, <c>12h</c>), so that it reads back as written.</summary>
    private static string Short(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 ? $"{(long)window.TotalDays}d"
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)window.TotalHours}h"
        : $"{(long)window.TotalMinutes}m";
}
