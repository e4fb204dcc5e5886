using System.Globalization;
using System.Text;
using FeedAggregator.Benchmarks.Reliability;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Load while ingesting (issue 9), short: the real service as its own process stores a loopback publisher's feeds,
/// their first polls spread over the run, while every kind of reader of the bench driver (<c>bench load</c>) reads its
/// topic feeds, page and API. No request may fail and the service's log may hold no "database is locked" and no
/// error. Latency is the driver's to report; nothing here is timed.
/// </summary>
public sealed class LoadTests
{
    private const int FeedCount = 150;
    private const int ItemsPerFeed = 30;
    private static readonly TimeSpan Reading = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Readers_WhileTheServiceIngests_AllAnsweredWithoutLockedDatabaseOrErrors()
    {
        await using var publisher = await FeedServer.StartAsync(app =>
            app.MapGet("/feeds/{id:int}", (int id) => Results.Bytes(Feed(id), "application/rss+xml; charset=utf-8")));
        using var folder = new TempDirectory();
        folder.Write("feeds.json", "{ \"feeds\": [\n" + string.Join(",\n", Enumerable.Range(0, FeedCount)
            .Select(i => $"  {{ \"id\": \"load-{i}\", \"url\": \"{publisher.Url($"feeds/{i}")}\" }}")) + "\n] }\n");
        folder.Write("topics.json", """
            { "topics": [ { "id": "shelters", "title": "Shelters", "query": "trafficking OR shelters" } ] }
            """);
        await using var service = await LoadService.StartAsync(Repository.Root, folder.File("service.log"),
        [
            $"--Aggregator:DataDirectory={folder.File("data")}",
            $"--Aggregator:FeedsFile={folder.File("feeds.json")}",
            $"--Aggregator:TopicsFile={folder.File("topics.json")}",
            // Every feed's first poll falls at random within the reading, so the store takes items throughout it.
            $"--Polling:FirstRunSpread={Reading:hh\\:mm\\:ss}",
        ], TimeSpan.FromSeconds(60));
        using var ingest = new LoadIngest(Path.Combine(folder.File("data"), "feedaggregator.db"));

        var before = ingest.Items();
        var results = await LoadReaders.RunAsync(service.BaseUri, "shelters", ["trafficking", "\"report 7\"", "shelt*"], connectionsPerKind: 1, Reading, CancellationToken.None);
        var after = ingest.Items();
        await service.StopAsync();
        foreach (var r in results)
        {
            await TestContext.Out.WriteLineAsync($"{r.Kind}: {r.Requests} answered ({r.NotModified} with 304), {r.Errors} error(s)");
        }

        await TestContext.Out.WriteLineAsync($"items stored: {before} when the readers started, {after} when they stopped");
        Assert.Multiple(() =>
        {
            Assert.That(results.Where(r => r.Errors > 0).Select(r => $"{r.Kind}: {r.Errors} error(s): {string.Join(" | ", r.ErrorSamples)}"), Is.Empty);
            Assert.That(results.Where(r => r.Requests == 0).Select(r => r.Kind), Is.Empty, "kinds of reader never answered");
            Assert.That(service.LockedLines, Is.Zero, string.Join('\n', service.Problems));
            Assert.That(service.ErrorLines, Is.Zero, string.Join('\n', service.Problems));
            Assert.That(after, Is.GreaterThan(before), "items stored while the readers read");
            Assert.That(service.ExitCode, Is.Zero, "the service stopped cleanly on SIGTERM");
        });
    }

    /// <summary>An RSS feed of <see cref="ItemsPerFeed"/> items about shelters, the same on every poll.</summary>
    private static byte[] Feed(int id)
    {
        var xml = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Publisher {id}</title><link>https://publisher{id}.example/</link><description>Load</description>\n");
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var seq = 0; seq < ItemsPerFeed; seq++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Report {seq} from publisher {id} on shelters for victims of trafficking</title><link>https://publisher{id}.example/news/{seq}</link><guid isPermaLink="false">p{id}-{seq}</guid><pubDate>{epoch.AddMinutes(seq * 7 + id):R}</pubDate><description>Officials discussed the rehabilitation of victims ({seq}).</description></item>

                """);
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>\n").ToString());
    }
}
