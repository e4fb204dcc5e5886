using System.Text.Json;
using FeedAggregator.Storage;
using FeedAggregator.Topics;

namespace FeedAggregator.Api;

/// <summary>
/// <c>GET /api/items/{uid}</c>: one stored item, its normalised JSON and every topic it is in, each with the explanation
/// stored when it matched (docs/topics.md). 404 as problem details when there is no such item.
/// </summary>
public static class ItemEndpoints
{
    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/items/{uid}", async (string uid, TopicItemStore store, CancellationToken cancellationToken) =>
        {
            var detail = await store.ItemAsync(uid, cancellationToken).ConfigureAwait(false);
            if (detail is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such item", detail: $"no stored item has the id '{uid}'");
            }

            var item = detail.Item;
            using var data = JsonDocument.Parse(detail.Data);
            var body = new
            {
                id = item.Uid,
                feed = item.FeedId,
                link = item.Link,
                title = item.Title,
                summary = item.Summary,
                author = item.Author,
                categories = item.Categories,
                language = item.Language,
                published = item.Published,
                updated = item.Updated,
                firstSeen = item.FirstSeen,
                sortAt = item.SortAt,
                topics = detail.Topics.Select(t => new { topic = t.Topic, explanation = t.Explanation }),
                item = data.RootElement.Clone(),
            };
            return Results.Json(body, TopicMatchJson.Options);
        });
        return routes;
    }
}
