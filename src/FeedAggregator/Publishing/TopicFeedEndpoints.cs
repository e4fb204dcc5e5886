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
        // One route for /topics/{id}.{ext} and /topics/{id}: the extension is split off here, cheaper than a complex segment.
        // Settings are read on the first request, not here: mapping happens while the host is built, before its
        // settings are validated, and an invalid one must be reported as such rather than thrown from here.
        var services = routes.ServiceProvider;
        var settings = new Lazy<(TopicFeedBuilder Builder, string CacheControl, string? FixedBase)>(() =>
        {
            var publishing = services.GetRequiredService<IOptions<PublishingOptions>>().Value;
            var aggregator = services.GetRequiredService<IOptions<AggregatorOptions>>().Value;
            return (services.GetRequiredService<TopicFeedBuilder>(),
                $"public, max-age={publishing.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}",
                string.IsNullOrEmpty(aggregator.PublicBaseUrl) ? null : aggregator.PublicBase("").AbsoluteUri);
        });
        routes.MapMethods("/topics/{name}", Methods, (HttpContext http, string name) =>
        {
            var (builder, cacheControl, fixedBase) = settings.Value;
            var dot = name.LastIndexOf('.');
            if (dot < 0)
            {
                return TopicFeedFormats.Negotiate(http.Request.Headers.Accept.ToString()) is { } chosen
                    ? ServeAsync(http, builder, name, chosen, negotiated: true, cacheControl, fixedBase)
                    : Problem(http, 406, "Not acceptable", "Topic feeds are available as application/rss+xml, application/atom+xml and application/feed+json.");
            }

            return TopicFeedFormats.FromExtension(name[(dot + 1)..]) is { } known
                ? ServeAsync(http, builder, name[..dot], known, negotiated: false, cacheControl, fixedBase)
                : Problem(http, 404, "No such feed", $"Topic feeds are published as .rss, .atom and .json, not {name[dot..]}.");
        });
        return routes;
    }

    /// <summary>PublicBaseUrl when configured (the service behind a proxy); otherwise the address the request came to.</summary>
    internal static Uri BaseUrl(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        return options.PublicBase(RequestBase(http.Request));
    }

    /// <summary>The address the request came to, ending in '/': the base when no PublicBaseUrl is configured.</summary>
    private static string RequestBase(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    private static async Task ServeAsync(
        HttpContext http, TopicFeedBuilder builder, string id, TopicFeedFormat format, bool negotiated, string cacheControl, string? fixedBase)
    {
        var request = http.Request;
        int? limit = null;
        string? cursor = null;
        if (request.QueryString.HasValue)
        {
            if (request.Query.TryGetValue("limit", out var limitText))
            {
                if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) || asked is < 1 or > PublishingOptions.MaxItemsPerFeed)
                {
                    await Problem(http, 400, "Bad limit", $"limit must be a whole number from 1 to {PublishingOptions.MaxItemsPerFeed}, not '{limitText}'.").ConfigureAwait(false);
                    return;
                }

                limit = asked;
            }

            cursor = request.Query["cursor"].FirstOrDefault();
        }

        TopicFeedResponse? feed;
        try
        {
            var baseUrl = fixedBase ?? RequestBase(request);
            feed = await builder.GetAsync(id, format, baseUrl, limit, cursor, http.RequestAborted).ConfigureAwait(false);
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
        headers.CacheControl = cacheControl;
        if (feed.LastModifiedHeader is { } modified)
        {
            headers.LastModified = modified;
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
                if (value == feed.ETag)
                {
                    return true;
                }

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
