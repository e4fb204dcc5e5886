using System.Net;
using System.Text.Json;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;
using Microsoft.AspNetCore.Routing;

namespace FeedAggregator.Tests.Api;

/// <summary>The OpenAPI document the real host serves describes every /api endpoint it maps, and how to send a key.</summary>
public sealed class ApiDocumentTests
{
    [Test]
    public async Task Document_IsOpenApi3_AndListsEveryApiEndpointWithItsMethods()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);

        using var response = await service.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(root.GetProperty("openapi").GetString(), Does.StartWith("3."));
        var paths = root.GetProperty("paths");
        var mapped = service.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: Path(e), Method: m)))
            .ToList();
        Assert.That(mapped.Select(m => m.Path), Is.SupersetOf(new[] { "/api/feeds", "/api/feeds/{id}", "/api/feeds/{id}/refresh", "/api/topics", "/api/topics/{id}", "/api/config/reload", "/api/items/{uid}" }));
        foreach (var (path, method) in mapped)
        {
            Assert.That(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _), Is.True, $"{method} {path}");
        }
    }

    [Test]
    public async Task Document_DescribesResponsesAndWhichEndpointsNeedAnAdminKey()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);

        using var document = JsonDocument.Parse(await service.Http.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var paths = root.GetProperty("paths");
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");

        Assert.That(schemes.GetProperty("bearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
        Assert.That(schemes.GetProperty("apiKey").GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
        var refresh = paths.GetProperty("/api/feeds/{id}/refresh").GetProperty("post");
        Assert.That(Responses(refresh), Is.SupersetOf(new[] { "202", "401", "403", "404", "409" }));
        Assert.That(Security(refresh), Is.EqualTo(new[] { "bearer", "apiKey" }), "an admin key, in either header; never anonymous");
        var reload = paths.GetProperty("/api/config/reload").GetProperty("post");
        Assert.That(Responses(reload), Is.SupersetOf(new[] { "200", "401", "403", "422" }));
        var feed = paths.GetProperty("/api/feeds/{id}").GetProperty("get");
        Assert.That(feed.GetProperty("operationId").GetString(), Is.EqualTo("GetFeed"));
        Assert.That(Responses(feed), Is.SupersetOf(new[] { "200", "404" }));
        Assert.That(feed.GetProperty("responses").GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _), Is.True);
        Assert.That(Security(feed), Is.EqualTo(new[] { "", "bearer", "apiKey" }), "anonymous unless Api:RequireKeyForRead");
    }

    /// <summary>The route as the document names it: a group's prefix joined to "" leaves a trailing '/' in the raw text.</summary>
    private static string Path(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimEnd('/');

    private static IEnumerable<string> Responses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

    /// <summary>The scheme of each alternative requirement; "" for the empty one, which lets anonymous callers in.</summary>
    private static IEnumerable<string> Security(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).SingleOrDefault() ?? "");
}
