using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using AngleSharp.Html.Parser;
using FeedAggregator.Publishing;

namespace FeedAggregator.Tests.Security;

/// <summary>
/// The whole corpus (<c>xss-vectors.txt</c>) in every field of RSS, Atom and JSON Feed feeds, served by a real
/// publisher and polled by the real host, comes out inert everywhere the service publishes it: the topic feeds in all
/// three formats (and their static copies), the HTML page, the API and webhook payloads. "Inert" is what a consumer
/// finds: HTML fields parsed as a browser parses them hold nothing active, URL fields are absolute http(s) URLs, text
/// stays text, and Chromium rendering the HTML runs no payload, opens no dialog and requests no canary.
/// </summary>
public sealed partial class XssPipelineTests
{
    /// <summary>An item as /api/items lists it: what the page and the feeds are compared with.</summary>
    private sealed record StoredView(string Title, string? Link, IReadOnlyList<string> Categories);

    private static readonly (string Extension, string ContentType)[] Outputs =
    [
        ("rss", "application/rss+xml; charset=utf-8"),
        ("atom", "application/atom+xml; charset=utf-8"),
        ("json", "application/feed+json; charset=utf-8"),
    ];

    private HostileSite site = null!;
    private BrowserProbe browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        browser = await BrowserProbe.StartAsync();
        site = await HostileSite.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (site is not null)
        {
            await site.DisposeAsync();
        }

        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
    }

    [Test]
    public void Corpus_CoversTheVectorClasses()
    {
        var classes = site.Corpus.GroupBy(v => v.Class).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(site.Corpus, Has.Count.GreaterThanOrEqualTo(300));
        Assert.That(classes.Keys, Is.SupersetOf(new[]
        {
            "script-and-style", "event-handlers", "url-schemes", "svg-and-mathml", "css", "encoded-and-mixed-case", "broken-markup",
            "text-and-context-breakouts",
        }));
        var xhtml = site.Corpus.Count(v => HostileFeeds.IsXhtmlFragment(v.Text));
        Assert.That(xhtml, Is.GreaterThan(100), "vectors that also go in as inline XHTML");
        TestContext.Out.WriteLine($"{site.Corpus.Count} vectors ({xhtml} also as inline XHTML): {string.Join(", ", classes.Select(c => $"{c.Key} {c.Value}"))}");
    }

    [Test]
    public async Task TopicFeeds_EveryVectorInEveryField_ComeOutInert()
    {
        var report = new InertnessReport();
        foreach (var format in HostileSite.Formats)
        {
            var stored = await ApiItemsAsync(format);
            foreach (var (extension, contentType) in Outputs)
            {
                var path = $"/topics/{HostileFeeds.Tag(format)}.{extension}?limit=500";
                var fetched = await site.GetAsync(path);
                CheckHeaders(report, fetched, contentType);
                var problems = new List<string>();
                var fields = extension == "json"
                    ? PublishedFields.FromJson(path, fetched.Json())
                    : PublishedFields.FromXml(path, fetched.Body, problems);
                problems.ForEach(report.Add);
                report.CheckAll(fields);
                CheckEntries(report, path, format, fields, stored, xml: extension != "json");
            }
        }

        report.AssertNone("topic feeds");
    }

    [Test]
    public async Task TopicFeeds_HtmlContent_RunsNothingInABrowser()
    {
        foreach (var (extension, _) in Outputs)
        {
            var body = new StringBuilder();
            var count = 0;
            foreach (var format in HostileSite.Formats)
            {
                var path = $"/topics/{HostileFeeds.Tag(format)}.{extension}?limit=500";
                var fetched = await site.GetAsync(path);
                var fields = extension == "json" ? PublishedFields.FromJson(path, fetched.Json()) : PublishedFields.FromXml(path, fetched.Body, []);
                count += AppendHtml(body, fields);
            }

            var result = await browser.RenderAsync(body.ToString(), site.Canary);

            TestContext.Out.WriteLine($"{extension}: {count} HTML fields rendered");
            Assert.That(count, Is.GreaterThan(site.Corpus.Count * 2), extension);
            Assert.That(result.IsInert, Is.True, $"{extension}: {result}");
        }

        Assert.That(site.CanaryHits, Is.Empty);
    }

    [Test]
    public async Task StaticCopies_AreInertLikeTheServedFeeds()
    {
        var report = new InertnessReport();
        foreach (var format in HostileSite.Formats)
        {
            foreach (var (extension, _) in Outputs)
            {
                var file = Path.Combine(site.Folder.File("data"), "public", "topics", $"{HostileFeeds.Tag(format)}.{extension}");
                var fields = await WaitForCopyAsync(file, extension);
                report.CheckAll(fields);
            }
        }

        report.AssertNone("static copies");
    }

    [Test]
    public async Task Page_ShowsEveryTitleAsText_WithAStrictPolicy_AndRunsNothing()
    {
        var page = await site.GetAsync("/");

        Assert.That(page.Status, Is.EqualTo(200));
        Assert.That(page.ContentType, Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(page.NoSniff, Is.EqualTo("nosniff"));
        Assert.That(page.ContentSecurityPolicy, Does.Contain("default-src 'none'").And.Not.Contain("script-src"));
        Assert.That(InertHtml.CheckPage(page.Text), Is.Empty);

        // Every story of every page group is listed once, its title the text the API holds, its link an http(s) URL or none.
        var document = new HtmlParser().ParseDocument(page.Text);
        var problems = new List<string>();
        var listed = 0;
        foreach (var format in HostileSite.Formats)
        {
            var stored = await ApiItemsAsync(format);
            foreach (var group in stored.GroupBy(i => i.Value.Categories.First(c => c.StartsWith("pg", StringComparison.Ordinal))))
            {
                var shown = document.QuerySelectorAll($"section#topic-page-{group.Key} ol.items .title").ToList();
                var titles = shown.Select(t => t.TextContent).ToList();
                var members = group.ToDictionary(i => i.Key, i => i.Value);
                listed += shown.Count;
                foreach (var story in Stories(members))
                {
                    if (story.Count(uid => titles.Contains(members[uid].Title)) < 1)
                    {
                        problems.Add($"{group.Key}: no title of {string.Join(", ", story.Select(uid => JsonSerializer.Serialize(members[uid].Title)))} among {JsonSerializer.Serialize(titles)}");
                    }
                }

                if (shown.Count != Stories(members).Count() || shown.Any(t => t.Children.Length > 0))
                {
                    problems.Add($"{group.Key}: {shown.Count} titles shown for {Stories(members).Count()} stories, or a title holds elements");
                }
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(listed, Is.GreaterThan(site.Corpus.Count * 2));
        Assert.That(document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).Where(h => !InertHtml.IsWebUrl(h)), Is.Empty);
        TestContext.Out.WriteLine($"the page lists {listed} items of the corpus");

        var result = await browser.LoadAsync(site.Service.Http.BaseAddress!, site.Canary);

        Assert.That(result.IsInert, Is.True, result.ToString());
        Assert.That(site.CanaryHits, Is.Empty);
    }

    [Test]
    public async Task Probe_CatchesAVectorThatIsNotSanitised()
    {
        // The browser checks above could only pass vacuously if the probe missed a payload: here one is left to run.
        var vector = site.Corpus.First(v => v.Template == "<img src=x onerror=$X>");

        var result = await browser.RenderAsync(vector.Text, site.ControlCanary);

        Assert.That(result.Calls, Is.EqualTo(new[] { vector.Number }));
        Assert.That(result.Dialogs, Has.Some.Contains("payload"));
        Assert.That(result.CanaryRequests, Has.Count.EqualTo(1));
        Assert.That(result.Problems, Has.Some.Contains("event handler onerror"));
        Assert.That(InertHtml.Check(vector.Text), Has.Some.Contains("event handler onerror"));
        Assert.That(InertHtml.Check("<a href=\" java\tscript:x()\">x</a>"), Has.Some.Contains("scheme 'javascript'"));
        Assert.That(InertHtml.IsWebUrl("https://example.org/\"><script>"), Is.False);
    }

    /// <summary>
    /// Every item of the format's topic is in the document, its title the text the API holds, except that of items
    /// carrying one story (the same canonical http link, as relative vectors that differ only after a '#' resolve to)
    /// exactly one is, as for any story several feeds carry.
    /// </summary>
    private void CheckEntries(InertnessReport report, string path, SourceFormat format, List<PublishedField> fields, IReadOnlyDictionary<string, StoredView> stored, bool xml)
    {
        var vectors = site.ByUid(format);
        var atom = path.Contains(".atom", StringComparison.Ordinal);
        var present = fields.Where(f => f.Entry is not null).Select(f => f.Entry!).ToHashSet();
        foreach (var story in Stories(stored))
        {
            var shown = story.Where(uid => present.Contains(atom ? TopicFeedIds.Urn(uid) : uid)).ToList();
            if (shown.Count != 1)
            {
                report.Add($"{path}: {shown.Count} entries for the story of {string.Join(", ", story.Select(uid => vectors[uid]))}");
            }
        }

        foreach (var title in fields.Where(f => f.Name is "item/title" or "entry/title" or "items/title"))
        {
            var uid = atom ? stored.Keys.Single(k => TopicFeedIds.Urn(k) == title.Entry) : title.Entry!;
            var text = stored[uid].Title;
            var want = xml ? new string([.. text.Where(XmlConvert.IsXmlChar)]) : text;
            if (title.Value != want)
            {
                report.Add($"{title}\n    -> title is not the stored text {JsonSerializer.Serialize(text)}");
            }
        }
    }

    /// <summary>Items grouped as the service merges them: by canonical link; an item without an http link is a story of its own.</summary>
    private static IEnumerable<List<string>> Stories(IReadOnlyDictionary<string, StoredView> stored) =>
        stored.GroupBy(i => global::FeedAggregator.Storage.CanonicalLink.Of(i.Value.Link) ?? i.Key).Select(g => g.Select(i => i.Key).ToList());

    private static void CheckHeaders(InertnessReport report, Fetched fetched, string contentType)
    {
        if (fetched.Status != (int)HttpStatusCode.OK || fetched.ContentType != contentType || fetched.NoSniff != "nosniff")
        {
            report.Add($"{fetched.Path}: {fetched.Status} {fetched.ContentType}, X-Content-Type-Options {fetched.NoSniff ?? "(none)"}");
        }
    }

    /// <summary>Each HTML field as a section of a consumer's page body; the number of fields added.</summary>
    private static int AppendHtml(StringBuilder body, IEnumerable<PublishedField> fields)
    {
        var count = 0;
        foreach (var field in fields.Where(f => f.Kind == FieldKind.Html))
        {
            body.Append("<section>").Append(field.Value).Append("</section>\n");
            count++;
        }

        return count;
    }

    /// <summary>Every item of the format's topic as the API lists it, by uid.</summary>
    private async Task<IReadOnlyDictionary<string, StoredView>> ApiItemsAsync(SourceFormat format)
    {
        var page = await site.GetAsync($"/api/items?topic={HostileFeeds.Tag(format)}&limit=500");
        return page.Json().GetProperty("items").EnumerateArray().ToDictionary(
            i => i.GetProperty("id").GetString()!,
            i => new StoredView(i.GetProperty("title").GetString()!, i.GetProperty("link").GetString(), i.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList()));
    }

    /// <summary>The fields of a static copy once it holds the topic's items (it is first written while the topic is still empty).</summary>
    private static async Task<List<PublishedField>> WaitForCopyAsync(string file, string extension)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (File.Exists(file))
            {
                var bytes = await File.ReadAllBytesAsync(file, timeout.Token);
                var fields = extension == "json"
                    ? PublishedFields.FromJson(file, JsonDocument.Parse(bytes).RootElement)
                    : PublishedFields.FromXml(file, bytes, []);
                if (fields.Any(f => f.Kind == FieldKind.Html))
                {
                    return fields;
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
