using System.Text.Json;
using FeedAggregator.Sources;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Cli;

/// <summary>feeds list/add/remove/enable/disable and poll-once's lines, in-process, against a real site on Kestrel and real files.</summary>
[NonParallelizable]
public sealed class FeedsCommandsTests
{
    private const string Original = """
        {
          // Our sources.
          "feeds": [
            {
              "id": "existing",
              "url": "{{mirror}}",
              "title": "Existing"
            }
          ]
        }

        """;

    private static Task<FeedServer> StartSiteAsync() => FeedServer.StartAsync(app =>
    {
        var rss = Repository.FixtureBytes("trafficking.rss.xml");
        app.MapGet("/news/rss", () => Results.Bytes(rss, "application/rss+xml"));
        app.MapGet("/copy/rss", () => Results.Bytes(rss, "application/rss+xml"));
        app.MapGet("/mirror/rss", () => Results.Bytes(rss, "application/rss+xml"));
        app.MapGet("/news/atom", () => Results.Bytes(Repository.FixtureBytes("trafficking.atom.xml"), "application/atom+xml"));
        app.MapGet("/blog/post", () => Html("""<base href="/news/"><link rel="alternate stylesheet" type="text/css" href="x.css"><link rel="Alternate" type="application/rss+xml; charset=utf-8" title="News" href="rss">"""));
        app.MapGet("/blog/both", () => Html("""<link rel="alternate" type="application/rss+xml" href="/news/rss"><link rel="alternate" type="application/atom+xml" title="Atom" href="../news/atom">"""));
        app.MapGet("/blog/old", () => Html("""<link rel="alternate" type="application/rss+xml" href="/mirror/rss">"""));
        app.MapGet("/about", () => Results.Text("Just some words.", "text/plain"));
    });

    private static IResult Html(string head) => Results.Content($"<!doctype html><html><head><title>Blog</title>{head}</head><body><p>Hello</p></body></html>", "text/html");

    private static string Setup(TempDirectory folder, FeedServer site) =>
        folder.Write("feeds.json", Original.Replace("{{mirror}}", site.Url("mirror/rss").ToString(), StringComparison.Ordinal));

    private static IReadOnlyList<FeedSource> Feeds(TempDirectory folder) => FeedsFile.Load(folder.File("feeds.json"), "feeds.json");

    [Test]
    public async Task Add_FeedUrl_ConfirmsTitleAndItemsAndAppendsKeepingTheFile()
    {
        await using var site = await StartSiteAsync();
        using var folder = new TempDirectory();
        var path = Setup(folder, site);
        var before = File.ReadAllText(path);
        var url = site.Url("news/rss");

        var result = await CommandLine.RunAsync(["feeds", "add", url.ToString(), "--tag", "news", "--tag", "world", "--language", "en",
            "--interval", "00:30:00", .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.Zero, result.Error);
        Assert.That(result.Out, Does.Contain($"Found rss20 feed \"Trafficking test fixture\" with 4 item(s) at {url}"));
        Assert.That(result.Out, Does.Contain("Added feed '127-0-0-1-trafficking-test-fixture' to "));
        Assert.That(File.ReadAllText(path), Is.EqualTo(before.Replace("""
                  "title": "Existing"
                }
            """, $$"""
                  "title": "Existing"
                },
                {
                  "id": "127-0-0-1-trafficking-test-fixture",
                  "url": "{{url}}",
                  "title": "Trafficking test fixture",
                  "language": "en",
                  "interval": "00:30:00",
                  "tags": ["news", "world"]
                }
            """, StringComparison.Ordinal)));
    }

    [Test]
    public async Task Add_PageWithOneFeedLink_AddsTheLinkedFeed()
    {
        await using var site = await StartSiteAsync();
        using var folder = new TempDirectory();
        Setup(folder, site);

        var result = await CommandLine.RunAsync(["feeds", "add", site.Url("blog/post").ToString(), "--id", "news", .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.Zero, result.Error);
        Assert.That(result.Out, Does.Contain($"is a page that links to the feed {site.Url("news/rss")} (application/rss+xml, \"News\")"));
        Assert.That(Feeds(folder).Select(f => (f.Id, f.Url)), Is.EqualTo(new[] { ("existing", site.Url("mirror/rss")), ("news", site.Url("news/rss")) }));
    }

    [Test]
    public async Task Add_PageWithTwoFeedLinks_Redirected_ListsThemAndExitsOneLeavingTheFile()
    {
        await using var site = await StartSiteAsync();
        using var folder = new TempDirectory();
        var path = Setup(folder, site);
        var before = File.ReadAllBytes(path);
        var page = site.Url("blog/both");

        var listed = await CommandLine.RunAsync(["feeds", "add", page.ToString(), .. ServiceUnderTest.Args(folder)]);
        var unchanged = File.ReadAllBytes(path);
        var picked = await CommandLine.RunAsync(["feeds", "add", page.ToString(), "--pick", "2", .. ServiceUnderTest.Args(folder)]);

        Assert.That(listed.Code, Is.EqualTo(1));
        Assert.That(listed.Out, Does.Contain($"{page} links to 2 feeds:"));
        Assert.That(listed.Out, Does.Contain($"  1. {site.Url("news/rss")} (application/rss+xml)"));
        Assert.That(listed.Out, Does.Contain($"  2. {site.Url("news/atom")} (application/atom+xml, \"Atom\")"));
        Assert.That(listed.Error, Does.Contain("run again with the URL of the one to add, or with --pick N"));
        Assert.That(unchanged, Is.EqualTo(before));
        Assert.That(picked.Code, Is.Zero, picked.Error);
        Assert.That(Feeds(folder)[^1].Url, Is.EqualTo(site.Url("news/atom")));
        Assert.That(Feeds(folder)[^1].Title, Is.EqualTo("Trafficking test fixture (Atom)"));
    }

    [Test]
    public async Task Add_NeitherFeedNorPage_ExitsOneNamingTheUrlAndWhatCame()
    {
        await using var site = await StartSiteAsync();
        using var folder = new TempDirectory();
        var path = Setup(folder, site);
        var before = File.ReadAllBytes(path);

        var words = await CommandLine.RunAsync(["feeds", "add", site.Url("about").ToString(), .. ServiceUnderTest.Args(folder)]);
        var missing = await CommandLine.RunAsync(["feeds", "add", site.Url("nothing-here").ToString(), .. ServiceUnderTest.Args(folder)]);

        Assert.That(words.Code, Is.EqualTo(1));
        Assert.That(words.Error, Does.Contain($"error: {site.Url("about")} is neither a feed nor a page that links to one: HTTP 200, text/plain"));
        Assert.That(missing.Code, Is.EqualTo(1));
        Assert.That(missing.Error, Does.Contain($"error: {site.Url("nothing-here")}: not-found: HTTP 404"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
    }

    [Test]
    public async Task Add_UrlOrIdTaken_IsRefusedNamingTheFeed_AndADefaultIdIsSuffixed()
    {
        await using var site = await StartSiteAsync();
        using var folder = new TempDirectory();
        var path = Setup(folder, site);
        var before = File.ReadAllBytes(path);

        var direct = await CommandLine.RunAsync(["feeds", "add", site.Url("mirror/rss").ToString(), .. ServiceUnderTest.Args(folder)]);
        var linked = await CommandLine.RunAsync(["feeds", "add", site.Url("blog/old").ToString(), .. ServiceUnderTest.Args(folder)]);
        var id = await CommandLine.RunAsync(["feeds", "add", site.Url("news/rss").ToString(), "--id", "existing", .. ServiceUnderTest.Args(folder)]);
        var unchanged = File.ReadAllBytes(path);
        var first = await CommandLine.RunAsync(["feeds", "add", site.Url("news/rss").ToString(), .. ServiceUnderTest.Args(folder)]);
        var second = await CommandLine.RunAsync(["feeds", "add", site.Url("copy/rss").ToString(), .. ServiceUnderTest.Args(folder)]);

        Assert.That(direct.Code, Is.EqualTo(1));
        Assert.That(direct.Error, Does.Contain($"{site.Url("mirror/rss")} is already configured as feed 'existing'"));
        Assert.That(linked.Code, Is.EqualTo(1));
        Assert.That(linked.Error, Does.Contain("is already configured as feed 'existing'"));
        Assert.That(id.Code, Is.EqualTo(1));
        Assert.That(id.Error, Does.Contain("feed 'existing': id is taken by another feed"));
        Assert.That(unchanged, Is.EqualTo(before));
        Assert.That((first.Code, second.Code), Is.EqualTo((0, 0)), first.Error + second.Error);
        Assert.That(Feeds(folder).Select(f => f.Id),
            Is.EqualTo(new[] { "existing", "127-0-0-1-trafficking-test-fixture", "127-0-0-1-trafficking-test-fixture-2" }));
    }

    [Test]
    public async Task RemoveEnableDisable_EditOnlyTheirFeed_UnknownIdExitsOne()
    {
        using var folder = new TempDirectory();
        const string original = """
            { "feeds": [
              { "id": "a", "url": "https://a.example/rss" }, // first
              { "id": "b", "url": "https://b.example/rss", "tags": ["x"] },
              { "id": "c", "url": "https://c.example/rss" }
            ] }
            """;
        var path = folder.Write("feeds.json", original);
        var settings = ServiceUnderTest.Args(folder);

        var disabled = await CommandLine.RunAsync(["feeds", "disable", "b", .. settings]);
        var disabledText = File.ReadAllText(path);
        var again = await CommandLine.RunAsync(["feeds", "disable", "b", .. settings]);
        var enabled = await CommandLine.RunAsync(["feeds", "enable", "b", .. settings]);
        var enabledText = File.ReadAllText(path);
        var removed = await CommandLine.RunAsync(["feeds", "remove", "c", .. settings]);
        var unknown = await CommandLine.RunAsync(["feeds", "remove", "nope", .. settings]);
        var unknownEnable = await CommandLine.RunAsync(["feeds", "enable", "nope", .. settings]);

        Assert.That(disabled.Code, Is.Zero, disabled.Error);
        Assert.That(disabled.Out, Does.Contain("Disabled feed 'b'"));
        Assert.That(disabledText, Is.EqualTo(original.Replace("""["x"] }""", """["x"], "enabled": false }""", StringComparison.Ordinal)));
        Assert.That(again.Out, Does.Contain("Feed 'b' is disabled already"));
        Assert.That(enabled.Code, Is.Zero, enabled.Error);
        Assert.That(enabledText, Is.EqualTo(original));
        Assert.That(removed.Code, Is.Zero, removed.Error);
        Assert.That(removed.Out, Does.Contain("Removed feed 'c' (https://c.example/rss)"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("""
            { "feeds": [
              { "id": "a", "url": "https://a.example/rss" }, // first
              { "id": "b", "url": "https://b.example/rss", "tags": ["x"] }
            ] }
            """));
        Assert.That((unknown.Code, unknownEnable.Code), Is.EqualTo((1, 1)));
        Assert.That(unknown.Error, Does.Contain("no feed 'nope'"));
        Assert.That(unknownEnable.Error, Does.Contain("no feed 'nope'"));
    }

    [Test]
    public async Task Edit_InvalidFeedsFile_ExitsTwoNamingTheProblem()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """{ "feeds": [ { "id": "x", "url": "https://x.example/", "interval": "5" } ] }""");

        var result = await CommandLine.RunAsync(["feeds", "disable", "x", .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.EqualTo(FeedAggregator.Cli.Commands.ConfigError));
        Assert.That(result.Error, Does.Contain("'5' is not a time span"));
    }

    [Test]
    public async Task List_ShowsEveryConfiguredFeed_AsTextAndJson()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """
            { "feeds": [
              { "id": "un-news-ru", "url": "https://news.un.org/ru.xml", "title": "Новости ООН", "language": "ru", "tags": ["un", "world"] },
              { "id": "by-cron", "url": "https://cron.example/rss", "cron": "0 0/10 * * * ?", "enabled": false }
            ] }
            """);

        var text = await CommandLine.RunAsync(["feeds", "list", .. ServiceUnderTest.Args(folder)]);
        var json = await CommandLine.RunAsync(["feeds", "list", "--json", .. ServiceUnderTest.Args(folder)]);

        Assert.That(text.Code, Is.Zero, text.Error);
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.Match(@"^FEED\s+ENABLED\s+SCHEDULE\s+LANG\s+TAGS\s+TITLE\s+URL"));
        Assert.That(lines[1], Does.Match(@"^un-news-ru\s+yes\s+00:15:00\s+ru\s+un,world\s+Новости ООН\s+https://news.un.org/ru.xml"));
        Assert.That(lines[2], Does.Match(@"^by-cron\s+no\s+0 0/10 \* \* \* \?\s+-\s+-\s+https://cron.example/rss"));
        var listed = JsonDocument.Parse(json.Out).RootElement;
        Assert.That(listed.GetArrayLength(), Is.EqualTo(2));
        Assert.That(listed[0].GetProperty("title").GetString(), Is.EqualTo("Новости ООН"));
        Assert.That(listed[0].GetProperty("interval").GetString(), Is.EqualTo("00:15:00"));
        Assert.That(listed[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "un", "world" }));
        Assert.That(listed[1].GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(listed[1].GetProperty("cron").GetString(), Is.EqualTo("0 0/10 * * * ?"));
        Assert.That(listed[1].GetProperty("interval").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task PollOnce_Redirected_PrintsALinePerFeedThenTheSummary()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);

        var result = await CommandLine.RunAsync(["poll-once", .. ServiceUnderTest.Args(folder, "--Fetching:MaxRetries=0")]);

        Assert.That(result.Code, Is.Zero, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines.Where(l => l.StartsWith("polled ", StringComparison.Ordinal)), Is.EquivalentTo(new[]
        {
            "polled fixture-rss: changed (4 new)",
            "polled fixture-atom: changed (3 new)",
            "polled down: server-error (0 new)",
            "polled gone-missing: not-found (0 new)",
        }));
        var summary = Array.IndexOf(lines, "Polled 4 feed(s): 2 ok, 2 failed, 7 new item(s).");
        Assert.That(summary, Is.GreaterThan(Array.FindLastIndex(lines, l => l.StartsWith("polled ", StringComparison.Ordinal))), "the summary comes after every feed's line");
        Assert.That(result.Out, Does.Not.Contain("\u001b["), "no terminal control sequences when output is redirected");
    }
}
