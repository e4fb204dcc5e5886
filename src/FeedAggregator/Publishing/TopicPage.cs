using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using static FeedAggregator.Api.HealthEndpoints;

namespace FeedAggregator.Publishing;

/// <summary>
/// <c>GET /</c>: the topics with their subscribe links and newest items, and every feed's health, as HTML that needs no
/// script; <c>GET /topics.opml</c>: every topic feed as one subscription list.
/// </summary>
public static class TopicPage
{
    /// <summary>Items shown under each topic on the page; the feeds themselves carry more.</summary>
    internal const int ItemsPerTopic = 5;

    // The page runs no script at all, so the policy forbids it outright; styles are inline and nothing else is loaded.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapTopicPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", async (HttpContext http, TopicCatalog topics, TopicItemStore items, FeedCatalog feeds, FeedStatusStore statuses, CancellationToken cancellationToken) =>
        {
            var sections = new List<TopicSection>();
            foreach (var topic in topics.All)
            {
                // The same first page the topic's feeds serve: one story carried by several feeds is listed once.
                var page = await items.PageAsync(topic.Id, ItemsPerTopic, after: null, cancellationToken).ConfigureAwait(false);
                sections.Add(new TopicSection(topic, [.. page.Items.Select(i => i.Item)]));
            }

            var known = await statuses.AllAsync(cancellationToken).ConfigureAwait(false);
            var rows = feeds.All.Select(feed => new FeedRow(feed.Title, FeedHealth.Of(feed, known.GetValueOrDefault(feed.Id)))).ToList();
            var html = TopicPageHtml.Render(TopicFeedEndpoints.BaseUrl(http), sections, rows);
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            return Results.Content(html, "text/html; charset=utf-8");
        });
        routes.MapGet("/topics.opml", (HttpContext http, TopicCatalog topics, TimeProvider time) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            var opml = TopicsOpml.Write(topics.All, TopicFeedEndpoints.BaseUrl(http), time.GetUtcNow());
            return Results.Bytes(opml, TopicsOpml.ContentType);
        });
        return routes;
    }
}
