using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// SIGTERM while polls are under way, on the real service process: it stops within 10 seconds with exit code 0, leaves
/// no poll half-written, and after a restart has everything it stored and polls on.
/// </summary>
[NonParallelizable]
public sealed class FaultShutdownTests
{
    private const int FastFeeds = 16;
    private const int SlowFeeds = 16;
    private const int ItemsPerFeed = 150;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Sigterm_DuringPolls_StopsWithinTenSeconds_NothingHalfWritten_RestartKeepsAllAndPollsOn()
    {
        var trickle = true;
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/fast/{n:int}", (int n) => Results.Text(FaultFeeds.Rss($"fast-{n}", ItemsPerFeed), "application/rss+xml", Encoding.UTF8));
            app.MapGet("/slow/{n:int}", async (int n, HttpContext http) =>
            {
                if (!Volatile.Read(ref trickle))
                {
                    return Results.Text(FaultFeeds.Rss($"slow-{n}", ItemsPerFeed), "application/rss+xml", Encoding.UTF8);
                }

                // A publisher on a bad line: the headers at once, then a byte every 100 ms for as long as the client waits.
                http.Response.ContentType = "application/rss+xml";
                await http.Response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>slow</title>", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                while (!http.RequestAborted.IsCancellationRequested)
                {
                    await Task.Delay(100, http.RequestAborted);
                    await http.Response.WriteAsync(" ", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }

                return Results.Empty;
            });
        });
        using var folder = new TempDirectory();
        var feeds = Enumerable.Range(0, FastFeeds).Select(n => ($"fast-{n}", publisher.Url($"fast/{n}")))
            .Concat(Enumerable.Range(0, SlowFeeds).Select(n => ($"slow-{n}", publisher.Url($"slow/{n}"))))
            .ToList();
        FaultFeeds.WriteConfig(folder, feeds);
        var settings = FaultFeeds.Settings(folder);
        var database = folder.File(Path.Combine("data", "feedaggregator.db"));

        TimeSpan stoppedIn;
        using (var service = FaultService.Start(["run", .. settings]))
        {
            await service.WaitListeningAsync();
            // Stopped as soon as the first poll is recorded: the other fast feeds are then being parsed, matched or
            // written, and every slow one is still reading its body.
            await service.WaitForOutputAsync("Polled fast-");
            var clock = Stopwatch.StartNew();
            service.Terminate();
            var code = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
            stoppedIn = clock.Elapsed;
            TestContext.Out.WriteLine($"SIGTERM to exit: {stoppedIn.TotalMilliseconds:0} ms, exit code {code}");
            Assert.That(code, Is.EqualTo(0), service.Output);
            Assert.That(stoppedIn, Is.LessThan(Deadline), service.Output);
            Assert.That(service.Output, Does.Contain("stopped by the shutdown"));
            Assert.That(service.Output, Does.Not.Contain(" ERR "), "a stop is not an error");
        }

        var (integrity, torn) = FaultStore.Audit(database);
        var before = FaultStore.ItemsByFeed(database);
        TestContext.Out.WriteLine($"stored at SIGTERM: {before.Count} feed(s), {before.Values.Sum(s => s.Count)} item(s)");
        Assert.Multiple(() =>
        {
            Assert.That(integrity, Is.EqualTo("ok"));
            Assert.That(torn, Is.Empty, "rows a half-written poll would leave");
            Assert.That(before.Keys, Has.None.StartWith("slow-"), "a slow feed's body never arrived whole");
            Assert.That(FaultStore.Count(database, "SELECT count(*) FROM feeds WHERE last_error_class IS NOT NULL"), Is.Zero,
                "a poll cut short by the stop is not the feed's failure");
            // A poll is one transaction: a feed has all the items of the one poll it had, or none.
            Assert.That(before.Values.Select(s => s.Count), Has.All.EqualTo(ItemsPerFeed));
        });

        Volatile.Write(ref trickle, false);
        using (var service = FaultService.Start(["run", .. settings]))
        {
            await service.WaitListeningAsync();
            // Polling resumes: every feed, the ones cut off by the stop included, is polled and succeeds.
            var health = await service.WaitForHealthAsync(h => FaultFeeds.Succeeded(h) == feeds.Count, "every feed polled after the restart");
            Assert.That(health.GetProperty("feeds").EnumerateArray().Select(f => f.GetProperty("state").GetString()), Has.All.EqualTo("ok"));
            service.Terminate();
            Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.EqualTo(0), service.Output);
        }

        var after = FaultStore.ItemsByFeed(database);
        var (integrityAfter, tornAfter) = FaultStore.Audit(database);
        Assert.Multiple(() =>
        {
            foreach (var (feed, identities) in before)
            {
                Assert.That(after[feed], Is.SupersetOf(identities), $"{feed}: an item stored before the stop is gone");
            }

            Assert.That(after.Keys, Is.EquivalentTo(feeds.Select(f => f.Item1)));
            Assert.That(after.Values.Select(s => s.Count), Has.All.EqualTo(ItemsPerFeed), "each item once");
            Assert.That(integrityAfter, Is.EqualTo("ok"));
            Assert.That(tornAfter, Is.Empty);
        });
    }
}

/// <summary>Feeds, operators' files and settings the fault tests share.</summary>
internal static class FaultFeeds
{
    public const string TopicId = "trafficking";

    /// <summary>Item i is published i minutes after this: within a topic's window, and the same at every request.</summary>
    private static readonly DateTimeOffset Published = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2);

    /// <summary>
    /// An RSS feed of <paramref name="count"/> items with guids <c>{id}-{i}</c>, every third about trafficking (so in the
    /// topic), each with a paragraph of text so that a poll's write is of some size.
    /// </summary>
    public static string Rss(string id, int count, int first = 0, int textBytes = 1500)
    {
        var text = new StringBuilder();
        var words = new[] { "harbour", "council", "report", "minister", "river", "market", "school", "storm", "court", "budget" };
        for (var w = 0; text.Length < textBytes; w++)
        {
            text.Append(words[(w * 7 + id.Length) % words.Length]).Append(' ').Append(w).Append(' ');
        }

        var rss = new StringBuilder($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{id}</title><link>http://example.org/{id}</link>");
        for (var i = first; i < first + count; i++)
        {
            var subject = i % 3 == 0 ? "trafficking ring" : "harbour works";
            rss.Append($"<item><guid isPermaLink=\"false\">{id}-{i}</guid><title>{id} story {i} about a {subject}</title>")
                .Append($"<link>http://example.org/{id}/{i}</link><pubDate>{Published.AddMinutes(i):R}</pubDate>")
                .Append($"<description>{text} {id} {i}</description></item>");
        }

        return rss.Append("</channel></rss>").ToString();
    }

    public static void WriteConfig(TempDirectory folder, IEnumerable<(string Id, Uri Url)> feeds, string interval = "00:10:00")
    {
        folder.Write("feeds.json", JsonSerializer.Serialize(new
        {
            feeds = feeds.Select(f => new { id = f.Id, url = f.Url.ToString(), interval }),
        }));
        folder.Write("topics.json", $$"""{ "topics": [ { "id": "{{TopicId}}", "title": "Trafficking", "query": "trafficking" } ] }""");
    }

    /// <summary>The service's settings over <paramref name="folder"/>, fetching as many feeds at once as it is given.</summary>
    public static string[] Settings(TempDirectory folder, string? dataDirectory = null) =>
    [
        .. FaultService.Settings(dataDirectory ?? folder.File("data"), folder.File("feeds.json"), folder.File("topics.json")),
        "--Fetching:MaxFetchesPerHost=64",
        "--Fetching:MaxConcurrentFetches=64",
        "--Fetching:RetryDelay=00:00:00.050",
    ];

    public const string AdminKey = "fault-admin-key-0123456789";

    /// <summary>An admin key, for <c>POST /api/feeds/{id}/refresh</c>: a poll when the test needs one, not a minute later.</summary>
    public static readonly string[] AdminKeySettings = ["--Api:Keys:0:Name=ops", $"--Api:Keys:0:Key={AdminKey}", "--Api:Keys:0:Scope=admin"];

    /// <summary>Asks for a poll of <paramref name="feedId"/> now and waits for its log line, whatever its outcome.</summary>
    public static async Task PollAsync(FaultService service, string feedId)
    {
        string[] pollLines = [$"Polled {feedId}:", $"Poll of {feedId} ", $"Poll of {feedId}:"];
        var before = service.CountLines(pollLines);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/feeds/{feedId}/refresh");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await service.Http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var clock = Stopwatch.StartNew();
        while (service.CountLines(pollLines) == before)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"no poll of {feedId} logged within 30 s; output:\n{service.Output}");
            }

            await Task.Delay(20);
        }
    }

    public static int Polled(JsonElement health) =>
        health.GetProperty("feeds").EnumerateArray().Count(f => f.GetProperty("lastPollAt").ValueKind != JsonValueKind.Null);

    public static int Succeeded(JsonElement health) =>
        health.GetProperty("feeds").EnumerateArray().Count(f => f.GetProperty("lastSuccessAt").ValueKind != JsonValueKind.Null);
}

/// <summary>
/// A busy site's feed: every request brings <paramref name="step"/> new items and lists the newest
/// <paramref name="window"/>, so an item stays listed for <c>window / step</c> polls.
/// </summary>
internal sealed class GrowingFeed(string id, int step, int window)
{
    private int end;

    /// <summary>Items <c>{id}-0</c> to <c>{id}-{Served - 1}</c> have been listed.</summary>
    public int Served => Volatile.Read(ref end);

    public string Next()
    {
        var last = Interlocked.Add(ref end, step);
        var first = Math.Max(0, last - window);
        return FaultFeeds.Rss(id, last - first, first);
    }

    public IEnumerable<string> Identities => Enumerable.Range(0, Served).Select(i => $"{id}-{i}");
}
