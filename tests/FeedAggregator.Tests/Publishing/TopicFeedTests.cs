using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Publishing;

/// <summary>
/// Topic feeds from the real host over HTTP, with feeds served by Kestrel on loopback and a real SQLite file: the three
/// formats, one entry per story, conditional requests, negotiation, paging, static copies and WebSub pings.
/// </summary>
public sealed class TopicFeedTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private sealed class Newsroom
    {
        public ConcurrentQueue<string> Items { get; } = new();

        public string Rss(string title) =>
            $"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="{Dc}"><channel><title>{title}</title><link>https://{title.Replace(' ', '-')}.example/</link>{string.Concat(Items)}</channel></rss>""";
    }

    private static string Item(int n, string link, string title, string description = "A report on human trafficking.") =>
        $"""
        <item><title>{title}</title><link>{link}</link><guid isPermaLink="false">story-{n}</guid>
        <pubDate>{DateTimeOffset.UtcNow.AddHours(-n).ToString("r", CultureInfo.InvariantCulture)}</pubDate>
        <dc:creator>Reporter {n}</dc:creator><category>Society</category>
        <description>{WebUtility.HtmlEncode(description)}</description></item>
        """;

    private static async Task<(FeedServer Publisher, Newsroom First, Newsroom Second)> StartPublishersAsync(ConcurrentBag<string>? hubPings = null)
    {
        var first = new Newsroom();
        var second = new Newsroom();
        for (var n = 1; n <= 5; n++)
        {
            first.Items.Enqueue(Item(n, $"https://first.example/story/{n}", $"Trafficking story {n}",
                n == 1 ? "<p>Victims <b>rescued</b></p><script>alert(1)</script><img src=x onerror=alert(2)>" : "A report on human trafficking."));
        }

        // The same story as the first feed's story 3, with tracking parameters on its link.
        second.Items.Enqueue(Item(3, "https://first.example/story/3?utm_source=rss&utm_medium=feed", "Trafficking story 3 (syndicated)"));
        second.Items.Enqueue(Item(9, "https://second.example/other", "Unrelated sports result", "The match ended in a draw."));
        var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/first", () => Results.Text(first.Rss("First News"), "application/rss+xml"));
            app.MapGet("/second", () => Results.Text(second.Rss("Second News"), "application/rss+xml"));
            app.MapPost("/hub", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                hubPings?.Add($"{form["hub.mode"]} {form["hub.url"]}");
                return Results.NoContent();
            });
        });
        return (publisher, first, second);
    }

    private static async Task<ServiceUnderTest> StartServiceAsync(TempDirectory folder, FeedServer publisher, params string[] extra)
    {
        folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "first", "url": "{{publisher.Url("first")}}", "language": "en" },
              { "id": "second", "url": "{{publisher.Url("second")}}", "language": "en" }
            ] }
            """);
        folder.Write("topics.json", """
            { "topics": [ { "id": "trafficking", "title": "Human trafficking", "description": "Reports on trafficking", "query": "traffick*", "languages": ["en"] } ] }
            """);
        var service = await ServiceUnderTest.StartAsync(folder, ["--Aggregator:PublicBaseUrl=http://feeds.example.org/news/", .. extra]);
        await service.WaitForPollsAsync("first", "second");
        return service;
    }

    [Test]
    public async Task ThreeFormats_CarryTheSameEntries_WithStableIdsAndTheTopicsNewestChange()
    {
        var (publisher, _, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher);

        var rssResponse = await service.Http.GetAsync("/topics/trafficking.rss");
        var atomResponse = await service.Http.GetAsync("/topics/trafficking.atom");
        var jsonResponse = await service.Http.GetAsync("/topics/trafficking.json");
        var rss = XDocument.Parse(await rssResponse.Content.ReadAsStringAsync());
        var atom = XDocument.Parse(await atomResponse.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync());
        var lastModified = rssResponse.Content.Headers.LastModified!.Value;

        var guids = rss.Descendants("item").Select(i => i.Element("guid")!.Value).ToList();
        var jsonIds = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        var atomIds = atom.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rssResponse.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/rss+xml; charset=utf-8"));
            Assert.That(atomResponse.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/atom+xml; charset=utf-8"));
            Assert.That(jsonResponse.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/feed+json; charset=utf-8"));

            // Five stories, story 3 once though two feeds carry it (whichever copy was stored first); the sports result is not in the topic.
            Assert.That(rss.Descendants("item").Select(i => i.Element("title")!.Value[..19]),
                Is.EqualTo(new[] { "Trafficking story 1", "Trafficking story 2", "Trafficking story 3", "Trafficking story 4", "Trafficking story 5" }));
            Assert.That(guids, Is.Unique);
            Assert.That(jsonIds, Is.EqualTo(guids));
            Assert.That(atomIds, Is.EqualTo(guids.Select(g => $"urn:uuid:{g[..8]}-{g[8..12]}-8{g[13..16]}-")).Using<string, string>((a, b) => a.StartsWith(b, StringComparison.Ordinal)));

            var channel = rss.Root!.Element("channel")!;
            Assert.That(channel.Element("title")!.Value, Is.EqualTo("Human trafficking"));
            Assert.That(channel.Element("language")!.Value, Is.EqualTo("en"));
            Assert.That(channel.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value,
                Is.EqualTo("http://feeds.example.org/news/topics/trafficking.rss"));
            Assert.That(DateTimeOffset.Parse(channel.Element("lastBuildDate")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(lastModified));
            Assert.That(DateTimeOffset.Parse(atom.Root!.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(lastModified));

            var first = rss.Descendants("item").First();
            Assert.That(first.Element("link")!.Value, Is.EqualTo("https://first.example/story/1"));
            Assert.That(first.Element(Dc + "creator")!.Value, Is.EqualTo("Reporter 1"));
            Assert.That(first.Element("category")!.Value, Is.EqualTo("Society"));
            Assert.That(first.Element("source")!.Attribute("url")!.Value, Is.EqualTo(publisher.Url("first").ToString()));
            Assert.That(first.Element("description")!.Value, Does.Contain("<b>rescued</b>"));

            foreach (var entry in atom.Root!.Elements(Atom + "entry"))
            {
                Assert.That(entry.Element(Atom + "title"), Is.Not.Null);
                Assert.That(entry.Element(Atom + "updated"), Is.Not.Null);
                Assert.That(entry.Elements(Atom + "author").Any() || entry.Element(Atom + "source")?.Element(Atom + "author") is not null, "RFC 4287 §4.1.2");
            }

            Assert.That(json.RootElement.GetProperty("version").GetString(), Is.EqualTo("https://jsonfeed.org/version/1.1"));
            Assert.That(json.RootElement.GetProperty("items")[0].GetProperty("_source").GetProperty("feed_id").GetString(), Is.EqualTo("first"));
        });

        // The dates are the topic's newest change, not the time of the request.
        await Task.Delay(1100);
        var again = await service.Http.GetAsync("/topics/trafficking.rss");
        Assert.That(again.Content.Headers.LastModified, Is.EqualTo(lastModified));
    }

    [Test]
    public async Task HostileMarkup_IsInertInEveryFormat()
    {
        var (publisher, _, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher);

        foreach (var format in new[] { "rss", "atom", "json" })
        {
            var body = await service.Http.GetStringAsync($"/topics/trafficking.{format}");
            var text = format == "json"
                ? string.Join("\n", JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("content_html").GetString()))
                : string.Concat(XDocument.Parse(body).Descendants().Where(e => !e.HasElements).Select(e => e.Value));
            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Contain("rescued"), format);
                Assert.That(text, Does.Not.Contain("<script").IgnoreCase, format);
                Assert.That(text, Does.Not.Contain("onerror").IgnoreCase, format);
                Assert.That(text, Does.Not.Contain("alert(").IgnoreCase, format);
            });
        }
    }

    [Test]
    public async Task StoreKeepsEveryCopy_FeedShowsTheStoryOnce()
    {
        var (publisher, _, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher);

        using var connection = service.Service<Database>().OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items WHERE canonical_link = '//first.example/story/3'";
        Assert.That(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture), Is.EqualTo(2), "both copies stored");
        var body = await service.Http.GetStringAsync("/topics/trafficking.json");
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("url").GetString()!.Contains("/story/3", StringComparison.Ordinal)),
            Is.EqualTo(1));
    }

    [Test]
    public async Task ConditionalRequests_Answer304_UntilTheTopicChanges()
    {
        var (publisher, first, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher, "--Publishing:MaxAgeSeconds=120");

        var response = await service.Http.GetAsync("/topics/trafficking.atom");
        var etag = response.Headers.ETag!;
        var lastModified = response.Content.Headers.LastModified!.Value;

        using var byTag = new HttpRequestMessage(HttpMethod.Get, "/topics/trafficking.atom");
        byTag.Headers.TryAddWithoutValidation("If-None-Match", etag.Tag);
        var notModified = await service.Http.SendAsync(byTag);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, "/topics/trafficking.atom");
        byDate.Headers.IfModifiedSince = lastModified;
        var notModifiedByDate = await service.Http.SendAsync(byDate);
        using var head = new HttpRequestMessage(HttpMethod.Head, "/topics/trafficking.atom");
        var headResponse = await service.Http.SendAsync(head);

        Assert.Multiple(async () =>
        {
            Assert.That(etag.IsWeak, Is.False, "strong validator");
            Assert.That(response.Headers.CacheControl!.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await notModified.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(notModified.Headers.ETag, Is.EqualTo(etag));
            Assert.That(notModifiedByDate.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(headResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(headResponse.Content.Headers.ContentLength, Is.EqualTo((await response.Content.ReadAsByteArrayAsync()).Length));
            Assert.That(await headResponse.Content.ReadAsByteArrayAsync(), Is.Empty);
        });

        // A new story joins the topic: the old validator no longer matches.
        first.Items.Enqueue(Item(0, "https://first.example/story/new", "Trafficking story new"));
        await service.Service<FeedRefresher>().RefreshAsync(service.Service<FeedCatalog>().Find("first")!, CancellationToken.None);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/topics/trafficking.atom");
        stale.Headers.TryAddWithoutValidation("If-None-Match", etag.Tag);
        var changed = await service.Http.SendAsync(stale);
        Assert.Multiple(async () =>
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));
            Assert.That(await changed.Content.ReadAsStringAsync(), Does.Contain("Trafficking story new"));
        });
    }

    [TestCase("application/atom+xml", "application/atom+xml; charset=utf-8")]
    [TestCase("application/feed+json", "application/feed+json; charset=utf-8")]
    [TestCase("application/json;q=0.5, application/rss+xml", "application/rss+xml; charset=utf-8")]
    [TestCase("text/html,application/xhtml+xml,*/*;q=0.8", "application/rss+xml; charset=utf-8")]
    [TestCase(null, "application/rss+xml; charset=utf-8")]
    public async Task TopicWithoutExtension_ServesTheFormatTheReaderAccepts(string? accept, string expected)
    {
        var (publisher, _, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/topics/trafficking");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await service.Http.SendAsync(request);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo(expected));
            Assert.That(response.Headers.Vary, Does.Contain("Accept"));
        });
    }

    [Test]
    public async Task Paging_FollowsNextLinks_AndStaysCorrectWhileItemsArrive()
    {
        var (publisher, first, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher);

        var firstPage = XDocument.Parse(await service.Http.GetStringAsync("/topics/trafficking.rss?limit=2"));
        var next = firstPage.Descendants(Atom + "link").Single(l => (string?)l.Attribute("rel") == "next").Attribute("href")!.Value;
        Assert.That(firstPage.Descendants(Atom + "link").Single(l => (string?)l.Attribute("rel") == "prev-archive").Attribute("href")!.Value, Is.EqualTo(next));

        // A new story arrives before the reader asks for the next page: that page is unchanged.
        first.Items.Enqueue(Item(0, "https://first.example/story/new", "Trafficking story new"));
        await service.Service<FeedRefresher>().RefreshAsync(service.Service<FeedCatalog>().Find("first")!, CancellationToken.None);

        var titles = firstPage.Descendants("item").Select(i => i.Element("title")!.Value[..19]).ToList();
        string? url = next;
        while (url is not null)
        {
            var page = XDocument.Parse(await service.Http.GetStringAsync(url.Replace("http://feeds.example.org/news", "", StringComparison.Ordinal)));
            titles.AddRange(page.Descendants("item").Select(i => i.Element("title")!.Value[..19]));
            Assert.That(page.Root!.Element("channel")!.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") == "current"), "archive pages link the subscription document");
            url = page.Descendants(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href")?.Value;
        }

        var json = JsonDocument.Parse(await service.Http.GetStringAsync("/topics/trafficking.json?limit=3")).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(titles, Is.EqualTo(Enumerable.Range(1, 5).Select(n => $"Trafficking story {n}")));
            Assert.That(json.GetProperty("items").GetArrayLength(), Is.EqualTo(3));
            Assert.That(json.GetProperty("next_url").GetString(), Does.StartWith("http://feeds.example.org/news/topics/trafficking.json?limit=3&cursor="));
        });
    }

    [TestCase("/topics/trafficking.rss?limit=0", 400)]
    [TestCase("/topics/trafficking.rss?limit=501", 400)]
    [TestCase("/topics/trafficking.rss?limit=ten", 400)]
    [TestCase("/topics/trafficking.rss?cursor=bm90LWEtY3Vyc29y", 400)]
    [TestCase("/topics/no-such-topic.atom", 404)]
    [TestCase("/topics/trafficking.html", 404)]
    public async Task BadRequests_GetProblemDetails(string path, int status)
    {
        var (publisher, _, _) = await StartPublishersAsync();
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher);

        var response = await service.Http.GetAsync(path);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task StaticCopies_HoldTheBytesServed_AndTheHubIsPinged()
    {
        var pings = new ConcurrentBag<string>();
        var (publisher, _, _) = await StartPublishersAsync(pings);
        await using var _p = publisher;
        using var folder = new TempDirectory();
        await using var service = await StartServiceAsync(folder, publisher, $"--Publishing:WebSubHub={publisher.Url("hub")}");

        var expectedPings = new[] { "rss", "atom", "json" }.Select(f => $"publish http://feeds.example.org/news/topics/trafficking.{f}").ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!expectedPings.All(pings.Contains) && !timeout.IsCancellationRequested)
        {
            await Task.Delay(50);
        }

        foreach (var format in new[] { "rss", "atom", "json" })
        {
            var served = await service.Http.GetByteArrayAsync($"/topics/trafficking.{format}");
            var copy = folder.File($"data/public/topics/trafficking.{format}");
            Assert.That(File.Exists(copy), copy);
            Assert.That(await File.ReadAllBytesAsync(copy), Is.EqualTo(served), format);
        }

        var rss = XDocument.Parse(await service.Http.GetStringAsync("/topics/trafficking.rss"));
        Assert.Multiple(() =>
        {
            Assert.That(pings, Is.SupersetOf(expectedPings));
            Assert.That(rss.Descendants(Atom + "link").Single(l => (string?)l.Attribute("rel") == "hub").Attribute("href")!.Value,
                Is.EqualTo(publisher.Url("hub").ToString()));
            Assert.That(Directory.GetFiles(folder.File("data/public/topics"), "*.tmp"), Is.Empty);
        });
    }
}
