using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Security;

/// <summary>
/// XML attacks through the whole pipeline: feeds served by a real publisher on 127.0.0.1 and polled by the real host.
/// External entities (a local file, a loopback canary), parameter entities with out-of-band exfiltration, external
/// DTDs, XInclude and style-sheet instructions must never read a file or fetch anything; entity expansion (billion
/// laughs, quadratic blow-up) must never happen; oversized and compressed-bomb bodies and runaway nesting are bounded
/// and reported; and the feed beside them keeps polling. The parser's own tests (Parsing/) cover single documents;
/// these cover what the service publishes afterwards.
/// </summary>
public sealed partial class XmlAttackPipelineTests
{
    private const long MaxBodyBytes = 1024 * 1024;

    private static readonly string[] AttackFeeds =
    [
        "xxe-file", "xxe-canary", "xxe-parameter", "external-dtd", "public-dtd", "atom-xxe", "xinclude", "stylesheet",
        "laughs", "quadratic", "oversize", "gzip-bomb", "deep-html", "deep-xml", "deep-json",
    ];

    // Recent, so that no retention or window leaves the items out.
    private static readonly string Published = DateTimeOffset.UtcNow.AddHours(-1).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string Updated = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private readonly ConcurrentQueue<string> canaryHits = new();
    private FeedServer publisher = null!;
    private TempDirectory folder = null!;
    private ServiceUnderTest service = null!;
    private string passwdLine = null!;

    private string Canary => publisher.Url("canary/").AbsoluteUri;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The file the external entities name: present on every Linux machine, so its absence below means something.
        Assert.That(File.Exists("/etc/passwd"), Is.True);
        passwdLine = File.ReadLines("/etc/passwd").First(l => l.Count(c => c == ':') >= 6);
        publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/canary/{**rest}", (HttpRequest request) =>
            {
                canaryHits.Enqueue(request.Path + request.QueryString);
                return Results.Text("<!ENTITY ext \"CANARY-ENTITY\">", "application/xml-dtd");
            });
            foreach (var name in AttackFeeds.Append("steady"))
            {
                app.MapGet($"/{name}", (HttpContext http) => Serve(http, name));
            }
        });
        folder = new TempDirectory();
        var feeds = AttackFeeds.Select(name => new { id = name, url = publisher.Url(name).AbsoluteUri, tags = new[] { "attacks" } })
            .Append(new { id = "steady", url = publisher.Url("steady").AbsoluteUri, tags = new[] { "calm" } });
        folder.Write("feeds.json", JsonSerializer.Serialize(new { feeds }));
        folder.Write("topics.json", """
            { "topics": [ { "id": "attacks", "query": "feed:attacks OR feed:calm" } ] }
            """);
        service = await ServiceUnderTest.StartAsync(folder, $"--Fetching:MaxBodyBytes={MaxBodyBytes}");
        await service.WaitForPollsAsync([.. AttackFeeds, "steady"]);

        // A second round, as the schedule would run it: the service is still polling every feed after the attacks.
        foreach (var feed in service.Service<FeedCatalog>().Enabled)
        {
            await service.Service<FeedRefresher>().RefreshAsync(feed, CancellationToken.None);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }

        folder?.Dispose();
        if (publisher is not null)
        {
            await publisher.DisposeAsync();
        }
    }

    [Test]
    public void EntitiesDtdsAndIncludes_NeverFetchAnything()
    {
        Assert.That(canaryHits, Is.Empty);
        Assert.That(publisher.Hits("/xxe-canary"), Is.EqualTo(2), "the feed itself was fetched, on both rounds");
    }

    [Test]
    public async Task NothingOfALocalFile_AppearsInAnyOutput_OrInTheStore()
    {
        var outputs = await AllOutputsAsync();
        Assert.That(outputs.Values.Any(o => o.Contains("XXE probe", StringComparison.Ordinal)), Is.True, "the XXE feeds' items are published");

        foreach (var (where, text) in outputs)
        {
            Assert.That(text, Does.Not.Contain(passwdLine).And.Not.Contain("root:x:0:0").And.Not.Contain("/usr/sbin/nologin"), where);
            Assert.That(text, Does.Not.Contain("CANARY-ENTITY"), where);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(folder.File("data"), "feedaggregator.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.That(bytes.AsSpan().IndexOf("root:x:0:0"u8), Is.EqualTo(-1), file);
        }
    }

    [Test]
    public async Task BillionLaughsAndQuadraticBlowUp_AreNeverExpanded_AndTheirFeedsStayUsable()
    {
        var health = await FeedsAsync();
        var items = await ItemsAsync();

        foreach (var name in new[] { "laughs", "quadratic" })
        {
            Assert.That(health[name].GetProperty("state").GetString(), Is.EqualTo("ok"), name);
            Assert.That(items.Where(i => i.Feed == name).Select(i => i.Title), Has.Some.Contains("Ordinary headline"), name);
        }

        var outputs = await AllOutputsAsync();
        foreach (var (where, text) in outputs)
        {
            Assert.That(text, Does.Not.Contain("lollollol").And.Not.Contain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), where);
            Assert.That(text.Length, Is.LessThan(2_000_000), where);
        }
    }

    [TestCase("oversize")]
    [TestCase("gzip-bomb")]
    public async Task OversizedAndCompressedBombs_AreCutOffAtTheLimit_AndReportedInHealth(string name)
    {
        var feed = (await FeedsAsync())[name];

        Assert.That(feed.GetProperty("state").GetString(), Is.EqualTo("failing"));
        Assert.That(feed.GetProperty("lastErrorClass").GetString(), Is.EqualTo("too-large"));
        Assert.That(feed.GetProperty("lastError").GetString(), Does.Contain(MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task HtmlNestedTensOfThousandsDeep_IsPublishedWithItsNestingBounded()
    {
        var feed = (await FeedsAsync())["deep-html"];
        var item = (await ItemsAsync()).Single(i => i.Feed == "deep-html");
        var json = await service.Http.GetFromJsonAsync<JsonElement>($"/api/items/{item.Id}");
        var summary = json.GetProperty("item").GetProperty("summary").GetProperty("value").GetString()!;

        Assert.That(feed.GetProperty("state").GetString(), Is.EqualTo("ok"));
        Assert.That(json.GetProperty("summary").GetString(), Is.EqualTo("deep text"));
        Assert.That(summary.Split("<div>").Length - 1, Is.InRange(1, FeedAggregator.Normalising.HtmlNesting.MaxDepth));
    }

    [Test]
    public async Task XmlNestedTensOfThousandsDeep_IsAParseErrorInHealth()
    {
        var feed = (await FeedsAsync())["deep-xml"];

        Assert.That(feed.GetProperty("state").GetString(), Is.EqualTo("failing"));
        Assert.That(feed.GetProperty("lastErrorClass").GetString(), Is.EqualTo("parse-error"));
        Assert.That(feed.GetProperty("lastError").GetString(), Does.Contain($"nested deeper than {FeedAggregator.Parsing.SafeXml.MaxDepth}"));
    }

    [Test]
    public async Task JsonNestedBeyondTheParsersDepth_IsReportedInHealth()
    {
        var feed = (await FeedsAsync())["deep-json"];

        Assert.That(feed.GetProperty("state").GetString(), Is.EqualTo("failing"));
        Assert.That(feed.GetProperty("lastErrorClass").GetString(), Is.EqualTo("not-a-feed"));
        Assert.That(feed.GetProperty("lastError").GetString(), Does.Contain("depth of 64"));
    }

    [Test]
    public async Task TheFeedBesideTheAttacks_KeepsPolling()
    {
        var steady = (await FeedsAsync())["steady"];
        var items = await ItemsAsync();

        Assert.That(steady.GetProperty("state").GetString(), Is.EqualTo("ok"));
        Assert.That(steady.GetProperty("consecutiveFailures").GetInt32(), Is.Zero);
        Assert.That(publisher.Hits("/steady"), Is.EqualTo(2), "polled on both rounds");
        Assert.That(items.Where(i => i.Feed == "steady").Select(i => i.Title), Is.EquivalentTo(new[] { "Calm day at the river", "Calm night at the river" }));
    }

    private async Task<Dictionary<string, JsonElement>> FeedsAsync()
    {
        var health = await service.Http.GetFromJsonAsync<JsonElement>("/health");
        return health.GetProperty("feeds").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f);
    }

    private async Task<List<(string Feed, string Title, string Id)>> ItemsAsync()
    {
        var page = await service.Http.GetFromJsonAsync<JsonElement>("/api/items?limit=500");
        return [.. page.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("feed").GetString()!, i.GetProperty("title").GetString()!, i.GetProperty("id").GetString()!))];
    }

    /// <summary>Everything the service publishes about these feeds, by where it came from.</summary>
    private async Task<Dictionary<string, string>> AllOutputsAsync()
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[] { "/topics/attacks.rss?limit=500", "/topics/attacks.atom?limit=500", "/topics/attacks.json?limit=500", "/", "/health", "/api/feeds", "/api/items?limit=500", "/api/changes?after=0&limit=500" })
        {
            outputs[path] = await service.Http.GetStringAsync(path);
        }

        foreach (var (_, _, id) in await ItemsAsync())
        {
            outputs[$"/api/items/{id}"] = await service.Http.GetStringAsync($"/api/items/{id}");
        }

        return outputs;
    }
}
