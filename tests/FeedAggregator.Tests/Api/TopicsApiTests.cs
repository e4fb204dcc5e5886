using System.Net;
using System.Text.Json;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Api;

/// <summary>/api/topics on the real host: each topic's definition as topics.json has it, its feed URLs and newest item.</summary>
public sealed class TopicsApiTests
{
    [Test]
    public async Task List_GivesEachTopicsDefinitionUrlsAndNewestItem()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);
        folder.Write("topics.json", """
            { "topics": [
              { "id": "slavery", "title": "Slavery", "description": "Forced labour", "query": "\"modern slavery\" OR traffick*",
                "weights": [ { "match": "forced", "weight": 2 }, { "match": "sale", "weight": -1.5 } ], "threshold": 3,
                "languages": ["en"], "feeds": ["fixture-rss"], "tags": [], "window": "12h" },
              { "id": "nothing", "query": "zzzzqqq" }
            ] }
            """);
        await using var service = await ServiceUnderTest.StartAsync(folder);
        await service.WaitForPollsAsync("fixture-rss", "fixture-atom");

        using var response = await service.SendAsync(HttpMethod.Get, "/api/topics");
        var topics = (await response.JsonAsync()).EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(topics.Keys, Is.EqualTo(new[] { "slavery", "nothing" }));
        var slavery = topics["slavery"];
        Assert.That(slavery.GetProperty("title").GetString(), Is.EqualTo("Slavery"));
        Assert.That(slavery.GetProperty("description").GetString(), Is.EqualTo("Forced labour"));
        Assert.That(slavery.GetProperty("query").GetString(), Is.EqualTo("\"modern slavery\" OR traffick*"));
        Assert.That(slavery.GetProperty("weights").EnumerateArray().Select(w => (w.GetProperty("match").GetString(), w.GetProperty("weight").GetDouble())),
            Is.EqualTo(new[] { ("forced", 2.0), ("sale", -1.5) }));
        Assert.That(slavery.GetProperty("threshold").GetDouble(), Is.EqualTo(3));
        Assert.That(slavery.GetProperty("languages").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "en" }));
        Assert.That(slavery.GetProperty("feeds").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "fixture-rss" }));
        Assert.That(slavery.GetProperty("window").GetString(), Is.EqualTo("12h"));
        var urls = slavery.GetProperty("urls");
        Assert.That(urls.GetProperty("rss").GetString(), Is.EqualTo(new Uri(service.Http.BaseAddress!, "topics/slavery.rss").ToString()));
        Assert.That(urls.GetProperty("atom").GetString(), Does.EndWith("/topics/slavery.atom"));
        Assert.That(urls.GetProperty("json").GetString(), Does.EndWith("/topics/slavery.json"));
        Assert.That(slavery.GetProperty("newestItemAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(slavery.GetProperty("changedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        var nothing = topics["nothing"];
        Assert.That(nothing.GetProperty("title").GetString(), Is.EqualTo("nothing"), "the title defaults to the id");
        Assert.That(nothing.GetProperty("window").GetString(), Is.EqualTo("30d"));
        Assert.That(nothing.GetProperty("threshold").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(nothing.GetProperty("newestItemAt").ValueKind, Is.EqualTo(JsonValueKind.Null));

        using var feed = await service.Http.GetAsync(urls.GetProperty("rss").GetString());
        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the URL given is the topic feed");
    }

    [Test]
    public async Task Get_UnknownTopic_IsProblem404()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);

        using var known = await service.SendAsync(HttpMethod.Get, "/api/topics/human-trafficking");
        using var unknown = await service.SendAsync(HttpMethod.Get, "/api/topics/no-such-topic");

        Assert.That((await known.JsonAsync()).GetProperty("id").GetString(), Is.EqualTo("human-trafficking"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
