using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.EndToEnd;

/// <summary>The feeds file edited while the real host runs, in a temp folder: applied within seconds, broken or half-written edits not.</summary>
public sealed class ConfigReloadTests
{
    // Quartz cron, every second: the interval has a floor of a minute, which is too slow for a test to watch.
    private const string EverySecond = "0/1 * * * * ?";

    private static Task<FeedServer> StartPublisherAsync() => FeedServer.StartAsync(app =>
    {
        app.MapGet("/a", () => Results.Bytes(Repository.FixtureBytes("trafficking.rss.xml"), "application/rss+xml"));
        app.MapGet("/b", () => Results.Bytes(Repository.FixtureBytes("trafficking.atom.xml"), "application/atom+xml"));
    });

    private static string Feeds(FeedServer publisher, params (string Id, string Path, string Schedule)[] feeds)
    {
        var entries = feeds.Select(f =>
        {
            var schedule = f.Schedule.Contains('?', StringComparison.Ordinal) ? $"\"cron\": \"{f.Schedule}\"" : $"\"interval\": \"{f.Schedule}\"";
            return $"    {{ \"id\": \"{f.Id}\", \"url\": \"{publisher.Url(f.Path)}\", {schedule} }}";
        });
        return "{\n  // edited while the service runs\n  \"feeds\": [\n" + string.Join(",\n", entries) + "\n  ]\n}\n";
    }

    private static async Task<ServiceUnderTest> StartAsync(TempDirectory folder, string feeds)
    {
        folder.Write("feeds.json", feeds);
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));
        return await ServiceUnderTest.StartAsync(folder);
    }

    private static async Task<JsonElement> HealthWhenAsync(ServiceUnderTest service, Func<JsonElement, bool> done, string what, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var health = await service.Http.GetFromJsonAsync<JsonElement>("/health");
            if (done(health))
            {
                return health;
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}; /health said {health}");
            }

            await Task.Delay(100);
        }
    }

    private static int Version(JsonElement health) => health.GetProperty("config").GetProperty("version").GetInt32();

    private static bool Polled(JsonElement health, string id) =>
        health.GetProperty("feeds").EnumerateArray().Any(f => f.GetProperty("id").GetString() == id && f.GetProperty("lastPollAt").ValueKind != JsonValueKind.Null);

    private static async Task WaitForHitsAsync(FeedServer publisher, string path, int atLeast)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (publisher.Hits(path) < atLeast)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    [Test]
    public async Task Edit_AddedFeedIsPolled_RemovedFeedStopsAndKeepsItsItems()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, Feeds(publisher, ("a", "a", EverySecond)));
        var first = await service.WaitForPollsAsync("a");
        Assert.That(Version(first), Is.EqualTo(1));
        Assert.That(first.GetProperty("config").GetProperty("feedsSha256").GetString(),
            Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(folder.File("feeds.json"))))));

        folder.Write("feeds.json", Feeds(publisher, ("a", "a", EverySecond), ("b", "b", "01:00:00")));
        var added = await HealthWhenAsync(service, h => Polled(h, "b"), "the added feed to be polled");
        Assert.That(Version(added), Is.EqualTo(2));

        folder.Write("feeds.json", Feeds(publisher, ("b", "b", "01:00:00")));
        var removed = await HealthWhenAsync(service, h => Version(h) == 3, "the removal to be applied");
        Assert.That(removed.GetProperty("feeds").EnumerateArray().Select(f => f.GetProperty("id").GetString()), Is.EqualTo(new[] { "b" }));
        await Task.Delay(500); // a poll of "a" already under way when it was removed may still finish
        var hits = publisher.Hits("/a");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(publisher.Hits("/a"), Is.EqualTo(hits), "a removed feed is polled no more");

        using var connection = service.Service<Database>().OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items WHERE feed_id = 'a'";
        Assert.That(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), "its stored items stay");
    }

    [Test]
    public async Task BrokenEdit_IsRefusedWhole_OldFeedsKeepPolling_HealthNamesEveryError()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, Feeds(publisher, ("a", "a", EverySecond)));
        await service.WaitForPollsAsync("a");

        folder.Write("feeds.json", """
            { "feeds": [
              { "id": "a", "url": "ftp://example.org/rss", "cron": "0/1 * * * * ?" },
              { "id": "b", "url": "https://example.org/b", "interval": "00:00:05" },
            ] }
            """);
        var refused = await HealthWhenAsync(service, h => h.GetProperty("config").GetProperty("rejectedEdit").ValueKind != JsonValueKind.Null, "the edit to be refused");

        var errors = refused.GetProperty("config").GetProperty("rejectedEdit").GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(errors, Is.EqualTo(new[]
        {
            $"{folder.File("feeds.json")}:2:23: feed 'a'.url: 'ftp://example.org/rss' is not an absolute http, https or file URL",
            $"{folder.File("feeds.json")}:3:60: feed 'b'.interval: 00:00:05 is shorter than the minimum of 00:01:00",
        }));
        Assert.That(Version(refused), Is.EqualTo(1));
        Assert.That(refused.GetProperty("feeds").EnumerateArray().Select(f => f.GetProperty("url").GetString()), Is.EqualTo(new[] { publisher.Url("a").ToString() }));
        var hits = publisher.Hits("/a");
        await WaitForHitsAsync(publisher, "/a", hits + 2);

        // Mended: applied, and the refusal is cleared.
        folder.Write("feeds.json", Feeds(publisher, ("a", "a", EverySecond), ("b", "b", "01:00:00")));
        var mended = await HealthWhenAsync(service, h => Version(h) == 2, "the mended edit to be applied");
        Assert.That(mended.GetProperty("config").GetProperty("rejectedEdit").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task HalfWrittenFile_IsNeitherAppliedNorRefused_UntilItIsWhole()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, Feeds(publisher, ("a", "a", EverySecond)));
        await service.WaitForPollsAsync("a");

        // An editor that truncates the file, writes part of it, and takes its time over the rest.
        var whole = Encoding.UTF8.GetBytes(Feeds(publisher, ("a", "a", EverySecond), ("b", "b", "01:00:00")));
        var cut = whole.Length * 2 / 3;
        await using (var file = new FileStream(folder.File("feeds.json"), FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
        {
            await file.WriteAsync(whole.AsMemory(0, cut));
            await file.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(4));

            var meanwhile = await service.Http.GetFromJsonAsync<JsonElement>("/health");
            Assert.That(Version(meanwhile), Is.EqualTo(1));
            Assert.That(meanwhile.GetProperty("config").GetProperty("rejectedEdit").ValueKind, Is.EqualTo(JsonValueKind.Null), "a half-written file is no refused edit");

            await file.WriteAsync(whole.AsMemory(cut));
        }

        var applied = await HealthWhenAsync(service, h => Polled(h, "b"), "the whole file to be applied");
        Assert.That(Version(applied), Is.EqualTo(2));
    }

    [Test]
    public async Task ChangedUrlOrSchedule_IsRescheduled()
    {
        await using var publisher = await StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, Feeds(publisher, ("a", "a", "01:00:00")));
        await service.WaitForPollsAsync("a");

        // The URL moves: the feed is polled there soon, not an hour later.
        folder.Write("feeds.json", Feeds(publisher, ("a", "b", "01:00:00")));
        await WaitForHitsAsync(publisher, "/b", 1);

        // The schedule tightens: it takes effect at once.
        folder.Write("feeds.json", Feeds(publisher, ("a", "b", EverySecond)));
        await WaitForHitsAsync(publisher, "/b", 3);
        Assert.That(publisher.Hits("/a"), Is.EqualTo(1));
    }
}
