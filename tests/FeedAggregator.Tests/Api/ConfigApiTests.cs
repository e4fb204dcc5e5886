using System.Net;
using System.Security.Cryptography;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Api;

/// <summary>
/// POST /api/config/reload on the real host, with feeds.json edited in its temp folder. Each edit is reloaded at once,
/// well within the second the file watcher waits for an edit to settle, so the answer is the endpoint's own.
/// </summary>
public sealed class ConfigApiTests
{
    [Test]
    public async Task Reload_AppliesAnEdit_ThenIsUnchanged_AndRefusesABrokenOne()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);

        using var untouched = await Reload(service);
        var feeds = File.ReadAllText(folder.File("feeds.json"));
        const string Added = "{ \"id\": \"added\", \"url\": \"https://example.org/rss\", \"enabled\": false },\n";
        folder.Write("feeds.json", feeds.Replace("{ \"id\": \"down\",", Added + "{ \"id\": \"down\",", StringComparison.Ordinal));
        var edited = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(folder.File("feeds.json"))));
        using var applied = await Reload(service);
        using var again = await Reload(service);
        using var listed = await service.SendAsync(HttpMethod.Get, "/api/feeds/added");
        folder.Write("feeds.json", """{ "feeds": [ { "id": "Bad Id", "url": "https://example.org/rss" } ] }""");
        using var refused = await Reload(service);

        Assert.That(untouched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var first = await untouched.JsonAsync();
        Assert.That(first.GetProperty("result").GetString(), Is.EqualTo("unchanged"));
        Assert.That(first.GetProperty("version").GetInt32(), Is.EqualTo(1));

        Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = await applied.JsonAsync();
        // The file watcher applies the same edit a second after the write; on a slow machine it may come first, and
        // then this call finds the edit in force already. Either way the answer names the version with the edit.
        Assert.That(second.GetProperty("result").GetString(), Is.AnyOf("applied", "unchanged"));
        Assert.That(second.GetProperty("version").GetInt32(), Is.EqualTo(2));
        Assert.That(second.GetProperty("feedsSha256").GetString(), Is.EqualTo(edited));
        Assert.That(second.GetProperty("topicsSha256").GetString(), Is.EqualTo(first.GetProperty("topicsSha256").GetString()));
        var third = await again.JsonAsync();
        Assert.That((third.GetProperty("result").GetString(), third.GetProperty("version").GetInt32()), Is.EqualTo(("unchanged", 2)));
        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the applied edit is in force at once");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await refused.JsonAsync();
        Assert.That(problem.GetProperty("version").GetInt32(), Is.EqualTo(2), "the version in force stays");
        Assert.That(problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()),
            Has.Some.Contains("feeds.json").And.Some.Contains("must be a lowercase slug"));
    }

    private static Task<HttpResponseMessage> Reload(ServiceUnderTest service) =>
        service.SendAsync(HttpMethod.Post, "/api/config/reload", ApiClient.AdminKey);
}
