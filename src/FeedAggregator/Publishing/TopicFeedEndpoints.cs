using FeedAggregator.Configuration;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Publishing;

public static class TopicFeedEndpoints
{
    public static IEndpointRouteBuilder MapTopicFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/topics/{id}.rss", async (string id, HttpContext http, TopicFeedBuilder feeds, CancellationToken cancellationToken) =>
        {
            var bytes = await feeds.RssAsync(id, BaseUrl(http), cancellationToken).ConfigureAwait(false);
            return bytes is null
                ? Results.Problem(statusCode: 404, title: "No such topic", detail: $"There is no topic '{id}'.")
                : Results.Bytes(bytes, RssTopicWriter.ContentType);
        });
        return routes;
    }

    /// <summary>PublicBaseUrl when configured (the service behind a proxy); otherwise the address the request came to.</summary>
    /// <remarks>Every absolute URL the service publishes (feeds, the topic page, OPML) is built on this one base.</remarks>
    internal static Uri BaseUrl(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        return options.PublicBase($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}");
    }
}

/// <summary>Builds the bytes of a topic feed from the store; shared by the HTTP endpoint and the CLI export.</summary>
public sealed class TopicFeedBuilder(TopicCatalog topics, TopicItemStore store, IOptions<PublishingOptions> options)
{
    public async Task<byte[]?> RssAsync(string topicId, Uri baseUrl, CancellationToken cancellationToken)
    {
        var topic = topics.Find(topicId);
        if (topic is null)
        {
            return null;
        }

        var items = await store.LatestAsync(topic.Id, options.Value.ItemsPerFeed, cancellationToken).ConfigureAwait(false);
        return RssTopicWriter.Write(topic, items, baseUrl);
    }
}

public static class PublishingRegistration
{
    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublishingOptions>()
            .BindConfiguration(PublishingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TopicFeedBuilder>();
        return builder;
    }
}
