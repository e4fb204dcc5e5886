using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.EndToEnd;

/// <summary>The whole pipeline on real parts: Kestrel serving feeds, the real host polling them on its schedule, SQLite, the topic feed over HTTP.</summary>
public sealed class PipelineTests
{
    private static readonly string[] Matching =
    [
        "Court jails human trafficking ring",
        "Annual report on victim support published",
        "Торговля людьми: задержаны организаторы преступной группы",
        "ТОРГОВЛЯ ЛЮДЬМИ в регионе",
        "Report on modern slavery",
    ];

    internal static Task<FeedServer> StartPublisherAsync() => FeedServer.StartAsync(app =>
    {
        app.MapGet("/news/rss", () => Results.Bytes(Repository.FixtureBytes("trafficking.rss.xml"), "application/rss+xml"));
        app.MapGet("/news/atom", () => Results.Bytes(Repository.FixtureBytes("trafficking.atom.xml"), "application/atom+xml"));
        app.MapGet("/news/down", () => Results.StatusCode(503));
    });

    internal static void WriteConfig(TempDirectory folder, FeedServer publisher)
    {
        folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "fixture-rss", "url": "{{publisher.Url("news/rss")}}", "language": "en" },
              { "id": "fixture-atom", "url": "{{publisher.Url("news/atom")}}", "title": "Atom fixture" },
              { "id": "down", "url": "{{publisher.Url("news/down")}}" },
              { "id": "gone-missing", "url": "{{publisher.Url("news/nothing-here")}}" }
            ] }
            """);
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));
    }

    [Test]
    public async Task Service_PollsRssAndAtom_ServesMatchingItemsOnceEach()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        WriteConfig(folder, publisher);
        await using var service = await ServiceUnderTest.StartAsync(folder);

        var health = await service.WaitForPollsAsync("fixture-rss", "fixture-atom", "down", "gone-missing");
        var response = await service.Http.GetAsync("/topics/human-trafficking.rss");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/rss+xml; charset=utf-8"));
        Assert.That(feed.Descendants("item").Select(i => (string?)i.Element("title")), Is.EquivalentTo(Matching));
        Assert.That(feed.Descendants("guid").Select(g => g.Value), Is.Unique);
        Assert.That(feed.Descendants("source").Select(s => (string?)s.Attribute("url")),
            Has.All.EqualTo(publisher.Url("news/rss").ToString()).Or.EqualTo(publisher.Url("news/atom").ToString()));
        var states = health.GetProperty("feeds").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("lastErrorClass").ValueKind == JsonValueKind.Null ? "ok" : f.GetProperty("lastErrorClass").GetString());
        Assert.That(states, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["fixture-rss"] = "ok", ["fixture-atom"] = "ok", ["down"] = "server-error", ["gone-missing"] = "not-found",
        }));
        Assert.That(publisher.Hits("/news/down"), Is.EqualTo(3), "503 is retried twice within the poll");
    }

    [Test]
    public async Task Service_PollingAgain_DuplicatesNothing()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        WriteConfig(folder, publisher);
        await using var service = await ServiceUnderTest.StartAsync(folder);
        await service.WaitForPollsAsync("fixture-rss", "fixture-atom");
        var before = await service.Http.GetStringAsync("/topics/human-trafficking.rss");

        var refresher = service.Service<FeedRefresher>();
        var again = new List<PollOutcome>();
        foreach (var feed in service.Service<FeedCatalog>().Enabled.Where(f => f.Id.StartsWith("fixture", StringComparison.Ordinal)))
        {
            again.Add(await refresher.RefreshAsync(feed, CancellationToken.None));
        }

        var after = XDocument.Parse(await service.Http.GetStringAsync("/topics/human-trafficking.rss"));
        Assert.That(again.Select(o => (o.Succeeded, o.ItemsAdded)), Has.All.EqualTo((true, 0)));
        Assert.That(after.Descendants("guid").Select(g => g.Value), Is.EquivalentTo(XDocument.Parse(before).Descendants("guid").Select(g => g.Value)));
        Assert.That(after.Descendants("item").Count(), Is.EqualTo(Matching.Length));
        using var store = new TestStore(folder);
        Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.EqualTo(7));
    }

    [Test]
    public async Task Service_UnknownTopic_Is404ProblemDetails()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        WriteConfig(folder, publisher);
        await using var service = await ServiceUnderTest.StartAsync(folder);

        var response = await service.Http.GetAsync("/topics/no-such-topic.rss");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Service_Restarted_KeepsItemsAndDoesNotRepollEarly()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        WriteConfig(folder, publisher);
        await using (var first = await ServiceUnderTest.StartAsync(folder))
        {
            await first.WaitForPollsAsync("fixture-rss", "fixture-atom");
        }

        var hits = publisher.Hits("/news/rss");
        await using var second = await ServiceUnderTest.StartAsync(folder);
        var feed = XDocument.Parse(await second.Http.GetStringAsync("/topics/human-trafficking.rss"));

        Assert.That(feed.Descendants("item").Count(), Is.EqualTo(Matching.Length));
        var scheduler = await second.Service<Quartz.ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(new Quartz.TriggerKey("fixture-rss", "feeds"));
        Assert.That(trigger?.NextFireTimeUtc, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(10)),
            "a feed polled a moment ago waits for its interval after a restart");
        Assert.That(publisher.Hits("/news/rss"), Is.EqualTo(hits));
    }
}
