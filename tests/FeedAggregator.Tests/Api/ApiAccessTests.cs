using System.Net;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Api;

/// <summary>Who may call what, on the real host: reads open or closed by Api:RequireKeyForRead, admin always closed.</summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed class ApiAccessTests(bool requireKeyForRead)
{
    private static readonly (string Path, HttpStatusCode Status)[] Reads =
    [
        ("/api/feeds", HttpStatusCode.OK),
        ("/api/feeds/fixture-rss", HttpStatusCode.OK),
        ("/api/topics", HttpStatusCode.OK),
        ("/api/topics/human-trafficking", HttpStatusCode.OK),
        ("/api/items/no-such-item", HttpStatusCode.NotFound),
        ("/api/no-such-endpoint", HttpStatusCode.NotFound),
        ("/topics/human-trafficking.rss", HttpStatusCode.OK),
        ("/topics/human-trafficking", HttpStatusCode.OK),
        ("/topics.opml", HttpStatusCode.OK),
        ("/", HttpStatusCode.OK),
        ("/openapi/v1.json", HttpStatusCode.OK),
    ];

    private static readonly (string Path, HttpStatusCode Status)[] Admin =
    [
        ("/api/config/reload", HttpStatusCode.OK),
        ("/api/feeds/fixture-rss/refresh", HttpStatusCode.Accepted),
    ];

    private FeedServer publisher = null!;
    private TempDirectory folder = null!;
    private ServiceUnderTest service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        publisher = await PipelineTests.StartPublisherAsync();
        folder = new TempDirectory();
        service = await ApiClient.StartAsync(folder, publisher, requireKeyForRead);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await service.DisposeAsync();
        await publisher.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task Reads_WithoutKey_AreOpenUnlessAKeyIsRequired()
    {
        foreach (var (path, status) in Reads)
        {
            using var response = await service.SendAsync(HttpMethod.Get, path);
            if (requireKeyForRead)
            {
                await AssertUnauthorizedAsync(response, path, keySent: false);
            }
            else
            {
                Assert.That(response.StatusCode, Is.EqualTo(status), path);
            }
        }
    }

    [Test]
    public async Task Reads_WithReadOrAdminKey_AreAnsweredInEitherHeader()
    {
        foreach (var (path, status) in Reads)
        {
            using var read = await service.SendAsync(HttpMethod.Get, path, ApiClient.ReadKey);
            using var admin = await service.SendAsync(HttpMethod.Get, path, ApiClient.AdminKey, header: "x-api-key");
            Assert.That(read.StatusCode, Is.EqualTo(status), $"read key: {path}");
            Assert.That(admin.StatusCode, Is.EqualTo(status), $"admin key: {path}");
        }
    }

    [Test]
    public async Task Reads_WithWrongKey_Are401OnlyWhenAKeyIsRequired()
    {
        using var sameLength = await service.SendAsync(HttpMethod.Get, "/api/feeds", ApiClient.WrongKeySameLength);
        using var otherLength = await service.SendAsync(HttpMethod.Get, "/topics/human-trafficking.rss", ApiClient.WrongKeyOtherLength, header: "x-api-key");

        if (requireKeyForRead)
        {
            await AssertUnauthorizedAsync(sameLength, "same length", keySent: true);
            await AssertUnauthorizedAsync(otherLength, "other length", keySent: true);
        }
        else
        {
            // Reading is open: a key is not looked at, so a wrong one does no harm.
            Assert.That(sameLength.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(otherLength.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Health_NeedsNoKey()
    {
        using var response = await service.SendAsync(HttpMethod.Get, "/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Admin_WithoutKeyOrWithWrongKey_Is401()
    {
        foreach (var (path, _) in Admin)
        {
            using var none = await service.SendAsync(HttpMethod.Post, path);
            using var sameLength = await service.SendAsync(HttpMethod.Post, path, ApiClient.WrongKeySameLength);
            using var otherLength = await service.SendAsync(HttpMethod.Post, path, ApiClient.WrongKeyOtherLength, header: "x-api-key");
            await AssertUnauthorizedAsync(none, path, keySent: false);
            await AssertUnauthorizedAsync(sameLength, path, keySent: true);
            await AssertUnauthorizedAsync(otherLength, path, keySent: true);
        }
    }

    [Test]
    public async Task Admin_WithReadKey_Is403Problem()
    {
        foreach (var (path, _) in Admin)
        {
            using var response = await service.SendAsync(HttpMethod.Post, path, ApiClient.ReadKey);
            var problem = await response.JsonAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), path);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), path);
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(403));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("'dashboard'"));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("error=\"insufficient_scope\""));
        }
    }

    [Test]
    public async Task Admin_WithAdminKey_IsAnsweredInEitherHeader()
    {
        foreach (var (path, status) in Admin)
        {
            using var bearer = await service.SendAsync(HttpMethod.Post, path, ApiClient.AdminKey);
            using var header = await service.SendAsync(HttpMethod.Post, path, ApiClient.AdminKey, header: "x-api-key");

            Assert.That(bearer.StatusCode, Is.EqualTo(status), path);
            Assert.That(header.StatusCode, Is.EqualTo(status), path);
        }
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string what, bool keySent)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), what);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EqualTo(new[] { "Bearer" }), what);
        Assert.That(response.Headers.WwwAuthenticate.ToString().Contains("invalid_token", StringComparison.Ordinal), Is.EqualTo(keySent), what);
        Assert.That((await response.JsonAsync()).GetProperty("status").GetInt32(), Is.EqualTo(401), what);
    }
}
