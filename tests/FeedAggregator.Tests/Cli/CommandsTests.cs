using System.Xml.Linq;
using FeedAggregator.Cli;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Cli;

/// <summary>The executable's commands, run in-process with real files, a real store and a real feed server.</summary>
[NonParallelizable]
public sealed class CommandsTests
{
    private static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => CommandLine.RunAsync(args);

    [Test]
    public async Task PollOnce_ThenExport_WritesTopicFeed()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);
        var settings = ServiceUnderTest.Args(folder);

        var poll = await RunAsync(["poll-once", .. settings]);
        var export = await RunAsync(["export", "human-trafficking", "--format", "rss", "--out", folder.File("out.rss"), .. settings]);

        Assert.That(poll.Code, Is.Zero, poll.Error);
        Assert.That(poll.Out, Does.Contain("Polled 4 feed(s): 2 ok, 2 failed, 7 new item(s)."));
        Assert.That(export.Code, Is.Zero, export.Error);
        var feed = XDocument.Load(folder.File("out.rss"));
        Assert.That(feed.Descendants("item").Count(), Is.EqualTo(5));
        Assert.That(File.Exists(folder.File("out.rss.tmp")), Is.False);

        // poll-once leaves static copies; export writes the same bytes, in each format.
        foreach (var format in new[] { "rss", "atom", "json" })
        {
            var exported = await RunAsync(["export", "human-trafficking", "--format", format, "--out", folder.File("out." + format), .. settings]);
            Assert.That(exported.Code, Is.Zero, exported.Error);
            Assert.That(await File.ReadAllBytesAsync(folder.File("out." + format)),
                Is.EqualTo(await File.ReadAllBytesAsync(folder.File($"data/public/topics/human-trafficking.{format}"))), format);
        }
    }

    [Test]
    public async Task FeedsStatus_ShowsEveryFeedsStateFromTheStore()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);
        var settings = ServiceUnderTest.Args(folder, "--Fetching:MaxRetries=0");

        var before = await RunAsync(["feeds", "status", .. settings]);
        await RunAsync(["poll-once", .. settings]);
        var after = await RunAsync(["feeds", "status", .. settings]);
        var json = await RunAsync(["feeds", "status", "--json", .. settings]);

        Assert.That(before.Code, Is.Zero, before.Error);
        Assert.That(before.Out, Does.Match(@"fixture-rss\s+pending"));
        var lines = after.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("FEED"));
        Assert.That(lines.Single(l => l.StartsWith("fixture-rss ", StringComparison.Ordinal)), Does.Match(@"^fixture-rss\s+ok\s+\S+ \S+\s+changed\s+200\s+0\s+4\s"));
        Assert.That(lines.Single(l => l.StartsWith("down ", StringComparison.Ordinal)), Does.Match(@"^down\s+failing\s.*server-error\s+503\s+1\s+0\s.*HTTP 503"));
        Assert.That(lines.Single(l => l.StartsWith("gone-missing ", StringComparison.Ordinal)), Does.Contain("not-found"));
        using var document = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.That(document.RootElement.EnumerateArray().Select(f => f.GetProperty("state").GetString()), Is.EquivalentTo(new[] { "ok", "ok", "failing", "failing" }));
    }

    [Test]
    public async Task PollOnce_BadConfig_ExitsNonZeroNamingFileAndProblem()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """{ "feeds": [ { "id": "x", "url": "not a url" } ] }""");
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));

        var result = await RunAsync(["poll-once", .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.EqualTo(Commands.ConfigError));
        Assert.That(result.Error, Does.Contain("feeds.json:1:34: feed 'x'.url: 'not a url' is not an absolute http, https or file URL"));
    }

    [Test]
    public async Task Export_UnknownTopic_ExitsNonZero()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);

        var result = await RunAsync(["export", "nope", "--out", folder.File("x.rss"), .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("no topic 'nope'"));
    }

    [Test]
    public async Task TopicsTest_ShowsCountNewestMatchesHighlightedAndWhy()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);
        var settings = ServiceUnderTest.Args(folder);
        await RunAsync(["poll-once", .. settings]);

        var adhoc = await RunAsync(["topics", "test", "--query", "title:\"торговл* людьми\"", "--since", "3650d", .. settings]);
        var json = await RunAsync(["topics", "test", "human-trafficking", "--since", "3650d", "--limit", "1", "--json", .. settings]);
        var broken = await RunAsync(["topics", "test", "--query", "(a OR b", .. settings]);

        Assert.That(adhoc.Code, Is.Zero, adhoc.Error);
        Assert.That(adhoc.Out, Does.Contain("2 of 7 stored item(s) since"));
        Assert.That(adhoc.Out, Does.Contain("[Торговля людьми]: задержаны организаторы преступной группы"));
        Assert.That(adhoc.Out, Does.Contain("[ТОРГОВЛЯ ЛЮДЬМИ] в регионе"));
        Assert.That(adhoc.Out, Does.Contain("why: title:\"торговл* людьми\": title:\"торговл* людьми\" = \"ТОРГОВЛЯ ЛЮДЬМИ\" in title"));
        Assert.That(json.Code, Is.Zero, json.Error);
        var report = System.Text.Json.JsonDocument.Parse(json.Out).RootElement;
        Assert.That(report.GetProperty("matches").GetInt32(), Is.EqualTo(5));
        Assert.That(report.GetProperty("newest").GetArrayLength(), Is.EqualTo(1));
        Assert.That(report.GetProperty("newest")[0].GetProperty("explanation").GetProperty("rule").GetString(), Is.EqualTo("query"));
        Assert.That(broken.Code, Is.EqualTo(1));
        Assert.That(broken.Error, Does.Contain("error: query col 1: unmatched '('"));
    }

    [Test]
    public async Task Validate_ReportsEveryErrorOfBothFilesAndExitsOne()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """{ "feeds": [ { "id": "Bad Id", "url": "https://example.org/rss" } ] }""");
        folder.Write("topics.json", """
            { "topics": [
              { "id": "a", "query": "x NEAR/2 (y AND z)" },
              { "id": "b", "query": "headline:x" },
              { "id": "c", "weights": [ { "match": "x", "weight": 1 } ] }
            ] }
            """);

        var result = await RunAsync(["validate", .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("feeds.json"));
        Assert.That(result.Error, Does.Contain("topic 'a': query col 10: NEAR/2 takes terms, phrases or a parenthesised OR of them on each side"));
        Assert.That(result.Error, Does.Contain("topic 'b': query col 1: unknown field 'headline:'"));
        Assert.That(result.Error, Does.Contain("topics.json:4:3: topic 'c'.threshold: is required when weights are given"));
    }

    [Test]
    public async Task Validate_BadSettingsAndWarnings_NamesEachWithoutAStackTrace()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """
            { "feeds": [
              { "id": "one", "url": "https://example.org/rss" },
              { "id": "two", "url": "https://example.org/rss" }
            ] }
            """);
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "x" } ] }""");

        var bad = await RunAsync(["validate", .. ServiceUnderTest.Args(folder, "--Publishing:WebSubHub=ftp://hub.example", "--Polling:MaxConcurrentPolls=0")]);
        var warned = await RunAsync(["validate", .. ServiceUnderTest.Args(folder, "--Publishing:WebSubHub=")]);

        Assert.That(bad.Code, Is.EqualTo(1));
        Assert.That(bad.Error, Does.Contain("error: appsettings: DataAnnotation validation failed for 'PollingOptions' members: 'MaxConcurrentPolls'"));
        Assert.That(bad.Error, Does.Contain("'WebSubHub' with the error: ''ftp://hub.example' is not an absolute http or https URL'"));
        Assert.That(bad.Error, Does.Not.Contain("   at "));
        Assert.That(warned.Code, Is.Zero, warned.Error);
        Assert.That(warned.Error, Does.Contain("warning: ").And.Contain("feeds.json:3:25: feed 'two'.url: same URL as feed 'one': both poll it"));
        Assert.That(warned.Out, Does.StartWith("ok: 2 feed(s)"));
    }

    [Test]
    public async Task Validate_ShippedConfig_IsOk()
    {
        using var folder = new TempDirectory();
        var result = await RunAsync(["validate",
            $"--Aggregator:DataDirectory={folder.File("data")}",
            $"--Aggregator:FeedsFile={Path.Combine(Repository.Root, "config", "feeds.json")}",
            $"--Aggregator:TopicsFile={Path.Combine(Repository.Root, "config", "topics.json")}"]);

        Assert.That(result.Code, Is.Zero, result.Error);
        Assert.That(result.Out, Does.StartWith("ok: "));
    }

    [Test]
    public async Task PollOnce_BundledSamples_FillHumanTraffickingWithoutTheMissingPersonCase()
    {
        using var folder = new TempDirectory();
        var root = Repository.Root;
        string[] settings =
        [
            $"--Aggregator:DataDirectory={folder.File("data")}",
            $"--Aggregator:FeedsFile={Path.Combine(root, "config", "feeds.json")}",
            $"--Aggregator:TopicsFile={Path.Combine(root, "config", "topics.json")}",
            "--Fetching:MaxRetries=0",
        ];

        var poll = await RunAsync(["poll-once", .. settings]);
        var export = await RunAsync(["export", "human-trafficking", "--out", folder.File("ht.rss"), .. settings]);

        Assert.That(poll.Code, Is.Zero, poll.Error);
        Assert.That(export.Code, Is.Zero, export.Error);
        var titles = XDocument.Load(folder.File("ht.rss")).Descendants("item").Select(i => (string)i.Element("title")!).ToList();
        Assert.That(titles, Has.Some.Contains("round table").IgnoreCase);
        Assert.That(titles, Has.Some.Contains("Rostov-on-Don"));
        Assert.That(titles, Has.Some.Contains("торговле людьми"));
        Assert.That(titles, Has.Some.Contains("Ростов-на-Дону"));
        Assert.That(titles, Has.None.Contains("Umarov").And.None.Contains("Умаров"));
        Assert.That(titles, Has.Count.EqualTo(4));
    }
}
