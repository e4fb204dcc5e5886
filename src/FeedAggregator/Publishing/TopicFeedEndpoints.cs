using System.Globalization;
using FeedAggregator.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FeedAggregator.Publishing;

/// <summary>
/// <c>GET|HEAD /topics/{id}.rss|.atom|.json</c> and <c>/topics/{id}</c> (by <c>Accept</c>): strong ETags and
/// Last-Modified with conditional requests answered 304, <c>Cache-Control: max-age</c>, <c>?limit=</c> and <c>?cursor=</c>.
/// </summary>
public static class TopicFeedEndpoints
{
    private static readonly string[] Methods = ["GET", "HEAD"];

    public static IEndpointRouteBuilder MapTopicFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/topics/{id}.{format}", Methods, (HttpContext http, string id, string format) =>
            TopicFeedFormats.FromExtension(format) is { } known
                ? ServeAsync(http, id, known, negotiated: false)
                : Problem(http, 404, "No such feed", $"Topic feeds are published as .rss, .atom and .json, not .{format}."));
        routes.MapMethods("/topics/{id}", Methods, (HttpContext http, string id) =>
            TopicFeedFormats.Negotiate(http.Request.Headers.Accept.ToString()) is { } chosen
                ? ServeAsync(http, id, chosen, negotiated: true)
                : Problem(http, 406, "Not acceptable", "Topic feeds are available as application/rss+xml, application/atom+xml and application/feed+json."));
        return routes;
    }

    /// <summary>PublicBaseUrl when configured (the service behind a proxy); otherwise the address the request came to.</summary>
    internal static Uri BaseUrl(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        return options.PublicBase($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}");
    }

    private static async Task ServeAsync(HttpContext http, string id, TopicFeedFormat format, bool negotiated)
    {
        var request = http.Request;
        int? limit = null;
        if (request.Query.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) || asked is < 1 or > PublishingOptions.MaxItemsPerFeed)
            {
                await Problem(http, 400, "Bad limit", $"limit must be a whole number from 1 to {PublishingOptions.MaxItemsPerFeed}, not '{limitText}'.").ConfigureAwait(false);
                return;
            }

            limit = asked;
        }

        TopicFeedResponse? feed;
        try
        {
            var builder = http.RequestServices.GetRequiredService<TopicFeedBuilder>();
            feed = await builder.GetAsync(id, format, BaseUrl(http), limit, request.Query["cursor"].FirstOrDefault(), http.RequestAborted).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await Problem(http, 400, "Bad cursor", e.Message).ConfigureAwait(false);
            return;
        }

        if (feed is null)
        {
            await Problem(http, 404, "No such topic", $"There is no topic '{id}'.").ConfigureAwait(false);
            return;
        }

        var response = http.Response;
        var headers = response.Headers;
        headers.ETag = feed.ETag;
        headers.CacheControl = $"public, max-age={http.RequestServices.GetRequiredService<IOptions<PublishingOptions>>().Value.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}";
        if (feed.LastModified is { } modified)
        {
            headers.LastModified = HeaderUtilities.FormatDate(modified);
        }

        if (negotiated)
        {
            headers.Vary = "Accept";
        }

        if (NotModified(request, feed))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = format.ContentType();
        response.ContentLength = feed.Bytes.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(feed.Bytes, http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; otherwise If-Modified-Since, to the second.</summary>
    private static bool NotModified(HttpRequest request, TopicFeedResponse feed)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
            {
                foreach (var tag in (value ?? "").Split(','))
                {
                    var candidate = tag.Trim();
                    if (candidate == "*" || (candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate) == feed.ETag)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return feed.LastModified is { } modified
            && HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)
            && modified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
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
        builder.Services.AddSingleton<StaticTopicCopies>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StaticTopicCopies>());
        return builder;
    }
}
