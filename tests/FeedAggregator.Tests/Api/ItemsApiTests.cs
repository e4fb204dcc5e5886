using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Api;

/// <summary>/api/items and /api/changes on the real host, over the pipeline tests' feeds (7 items, 5 of them on human trafficking).</summary>
public sealed class ItemsApiTests
{
    private static async Task<ServiceUnderTest> StartAsync(TempDirectory folder, FeedServer publisher)
    {
        var service = await ApiClient.StartAsync(folder, publisher);
        await service.WaitForPollsAsync("fixture-rss", "fixture-atom");
        return service;
    }

    private static IEnumerable<string> Titles(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!);

    private static Task<JsonElement> GetAsync(ServiceUnderTest service, string path) => service.Http.GetFromJsonAsync<JsonElement>(path);

    [Test]
    public async Task List_PagesNewestFirst_ByCursorAndNextUrl_EveryItemOnce()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, publisher);

        var whole = await GetAsync(service, "/api/items");
        var seen = new List<JsonElement>();
        var path = "/api/items?limit=3";
        while (path is not null)
        {
            var page = await GetAsync(service, path);
            Assert.That(page.GetProperty("items").GetArrayLength(), Is.LessThanOrEqualTo(3));
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            path = page.GetProperty("nextUrl").GetString();
        }

        Assert.That(whole.GetProperty("items").GetArrayLength(), Is.EqualTo(7));
        Assert.That(whole.GetProperty("next").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(seen.Select(i => i.GetProperty("id").GetString()), Is.EqualTo(whole.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())));
        var sortAt = seen.Select(i => i.GetProperty("sortAt").GetDateTimeOffset()).ToList();
        Assert.That(sortAt, Is.Ordered.Descending);
    }

    [Test]
    public async Task List_Filters_TopicFeedTagLanguageTimeAndQuery()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, publisher);

        var topic = await GetAsync(service, "/api/items?topic=human-trafficking");
        var feed = await GetAsync(service, "/api/items?feed=fixture-atom");
        var searched = await GetAsync(service, "/api/items?q=%D1%82%D0%BE%D1%80%D0%B3%D0%BE%D0%B2%D0%BB*"); // торговл*
        var ranked = await GetAsync(service, "/api/items?q=trafficking&sort=relevance");
        var none = await GetAsync(service, "/api/items?tag=no-such-tag");
        var late = await GetAsync(service, "/api/items?since=2100-01-01T00:00:00Z");

        Assert.That(Titles(topic), Is.EquivalentTo(new[]
        {
            "Court jails human trafficking ring", "Annual report on victim support published",
            "Торговля людьми: задержаны организаторы преступной группы", "ТОРГОВЛЯ ЛЮДЬМИ в регионе", "Report on modern slavery",
        }));
        Assert.That(Titles(feed), Is.EquivalentTo(new[] { "ТОРГОВЛЯ ЛЮДЬМИ в регионе", "Report on modern slavery", "Weather: sunny weekend ahead" }));
        Assert.That(Titles(searched), Is.EquivalentTo(new[] { "Торговля людьми: задержаны организаторы преступной группы", "ТОРГОВЛЯ ЛЮДЬМИ в регионе" }));
        Assert.That(Titles(ranked).First(), Is.EqualTo("Court jails human trafficking ring"));
        Assert.That(ranked.GetProperty("items")[0].GetProperty("rank").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(none.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That(late.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [TestCase("/api/items?q=%22unclosed", "q")]
    [TestCase("/api/items?since=yesterday", "since")]
    [TestCase("/api/items?limit=0", "limit")]
    [TestCase("/api/items?limit=501", "limit")]
    [TestCase("/api/items?sort=relevance", "sort")]
    [TestCase("/api/items?sort=oldest", "sort")]
    [TestCase("/api/items?cursor=not-ours", "cursor")]
    [TestCase("/api/changes?after=-1", "after")]
    [TestCase("/api/changes?limit=x", "limit")]
    public async Task BadParameter_Is400ProblemNamingIt(string path, string parameter)
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);

        using var response = await service.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await response.JsonAsync()).GetProperty("parameter").GetString(), Is.EqualTo(parameter));
    }

    [Test]
    public async Task Changes_ListAddsAndJoinsInOrder_AndAConsumerResumingAfterTheLastSeesNothingTwice()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, publisher);

        var all = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await GetAsync(service, $"/api/changes?after={after}&limit=4");
            all.AddRange(page.GetProperty("changes").EnumerateArray());
            after = page.GetProperty("last").GetInt64();
            if (!page.GetProperty("more").GetBoolean())
            {
                break;
            }
        }

        var again = await GetAsync(service, $"/api/changes?after={after}");

        var seqs = all.Select(c => c.GetProperty("seq").GetInt64()).ToList();
        Assert.That(seqs, Is.Ordered.Ascending.And.Unique);
        Assert.That(all.Count(c => c.GetProperty("kind").GetString() == "item.added"), Is.EqualTo(7));
        Assert.That(all.Count(c => c.GetProperty("kind").GetString() == "topic.joined" && c.GetProperty("topicId").GetString() == "human-trafficking"), Is.EqualTo(5));
        Assert.That(again.GetProperty("changes").GetArrayLength(), Is.Zero);
        Assert.That(again.GetProperty("last").GetInt64(), Is.EqualTo(after));
    }

    [Test]
    public async Task Item_ListsEverySourceOfItsStory()
    {
        static string Rss(string site, string link) => $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>{site}</title><link>https://{site}.example/</link><description>News</description>
            <language>{(site == "one" ? "en-GB" : "de")}</language>
            <item><title>Trafficking ring broken up</title><link>{link}</link><guid>ring</guid></item>
            </channel></rss>
            """;
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/one", () => Results.Text(Rss("one", "https://news.example/ring"), "application/rss+xml"));
            app.MapGet("/two", () => Results.Text(Rss("two", "https://news.example/ring?utm_medium=rss"), "application/rss+xml"));
        });
        using var folder = new TempDirectory();
        folder.Write("feeds.json", $$"""{ "feeds": [ { "id": "one", "url": "{{publisher.Url("one")}}" }, { "id": "two", "url": "{{publisher.Url("two")}}" } ] }""");
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "trafficking" } ] }""");
        await using var service = await ServiceUnderTest.StartAsync(folder);
        await service.WaitForPollsAsync("one", "two");
        var listed = await GetAsync(service, "/api/items?feed=two");

        var item = await GetAsync(service, $"/api/items/{listed.GetProperty("items")[0].GetProperty("id").GetString()}");
        var english = await GetAsync(service, "/api/items?lang=en");

        Assert.That(item.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("feed").GetString()), Is.EquivalentTo(new[] { "one", "two" }));
        Assert.That(item.GetProperty("topics")[0].GetProperty("topic").GetString(), Is.EqualTo("t"));
        Assert.That(english.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("feed").GetString(), i.GetProperty("language").GetString())),
            Is.EqualTo(new[] { ("one", "en-GB") }), "\"en\" takes en-GB, not de");
    }
}
