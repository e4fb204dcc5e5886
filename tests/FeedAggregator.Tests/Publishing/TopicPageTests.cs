using System.Globalization;
using System.Net;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedAggregator.Tests.Publishing;

/// <summary><c>GET /</c> and <c>GET /topics.opml</c> over HTTP from the real host, after it polled real feeds into SQLite.</summary>
public sealed class TopicPageTests
{
    private const string IsoTime = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$";
    private static readonly string[] Topics = ["trafficking", "wildfires"];
    private static readonly string[] Formats = ["rss", "atom", "json"];

    private TopicPageSite site = null!;
    private HttpResponseMessage response = null!;
    private string html = null!;
    private IDocument page = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        site = await TopicPageSite.StartAsync();
        response = await site.Service.Http.GetAsync("/");
        html = await response.Content.ReadAsStringAsync();
        page = new HtmlParser().ParseDocument(html);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        page.Dispose();
        response.Dispose();
        await site.DisposeAsync();
    }

    private string Url(string path) => new Uri(site.BaseUri, path).AbsoluteUri;

    private IElement Topic(string id) => page.QuerySelector($"section#topic-{id}") ?? throw new AssertionException($"no section for topic {id}");

    private string[] Cells(string feedId) =>
        [.. (page.QuerySelector($"tr#feed-{feedId}") ?? throw new AssertionException($"no row for feed {feedId}")).Children.Select(c => c.TextContent)];

    [Test]
    public void Page_IsHtml5_WithHeadersThatForbidScriptAndSniffing()
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(policy, Does.Contain("default-src 'none'").And.Not.Contain("script-src"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(html, Does.StartWith("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
        Assert.That(page.Title, Is.Not.Empty);
        Assert.That(page.QuerySelectorAll("script"), Is.Empty);
    }

    [Test]
    public void Page_ListsEveryTopic_WithDescriptionAndSubscribeLinks()
    {
        Assert.That(page.QuerySelectorAll("section.topic").Select(s => s.Id), Is.EqualTo(Topics.Select(t => $"topic-{t}")));
        Assert.That(Topic("trafficking").QuerySelector("h2")?.TextContent, Is.EqualTo("Human trafficking"));
        Assert.That(Topic("trafficking").QuerySelector(".description")?.TextContent, Is.EqualTo("Trafficking in persons & forced labour <em>only</em>"));
        Assert.That(Topic("trafficking").TextContent, Does.Contain("Languages: en, ru"));
        Assert.That(Topic("wildfires").QuerySelector(".description")?.TextContent, Is.EqualTo("Forest and steppe fires"));
        foreach (var id in Topics)
        {
            Assert.That(Topic(id).QuerySelectorAll(".subscribe a").Select(a => a.GetAttribute("href")),
                Is.EqualTo(Formats.Select(f => Url($"topics/{id}.{f}"))), id);
        }
    }

    [Test]
    public void Page_Head_HasOneAutodiscoveryLinkPerTopicAndFormat()
    {
        var links = page.Head!.QuerySelectorAll("link[rel=alternate]").Select(l => (l.GetAttribute("type"), l.GetAttribute("href"))).ToList();
        var types = new Dictionary<string, string> { ["rss"] = "application/rss+xml", ["atom"] = "application/atom+xml", ["json"] = "application/feed+json" };

        Assert.That(links, Is.EquivalentTo(Topics.SelectMany(t => Formats.Select(f => (types[f], Url($"topics/{t}.{f}"))))));
        Assert.That(page.Head.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("title")), Has.All.Not.Empty);
    }

    [Test]
    public void Page_ShowsEachTopicsFiveNewestItems_WithLinkDateAndSource()
    {
        var items = Topic("trafficking").QuerySelectorAll("ol.items > li").ToList();
        var court = items.Single(li => li.TextContent.StartsWith("Court jails", StringComparison.Ordinal));

        Assert.That(items.Select(li => li.QuerySelector(".title")?.TextContent), Is.EqualTo(TopicPageSite.NewestTrafficking));
        Assert.That(html, Does.Not.Contain(TopicPageSite.OldestTrafficking));
        Assert.That(court.QuerySelector("a")?.GetAttribute("href"), Is.EqualTo("https://example.org/court"));
        Assert.That(court.QuerySelector("time")?.GetAttribute("datetime"), Is.EqualTo("2024-03-01T10:00:00Z"));
        Assert.That(court.QuerySelector(".meta")?.TextContent, Is.EqualTo($"2024-03-01T10:00:00Z · {TopicPageSite.HostileFeedTitle}"));
        Assert.That(Topic("wildfires").QuerySelectorAll("ol.items > li a").Select(a => (a.TextContent, a.GetAttribute("href"))),
            Is.EqualTo(new[] { ("Wildfire spreads near the river", "https://example.org/wildfire") }));
    }

    [Test]
    public void Page_HostileItemsAndFeedTitles_ComeOutAsInertText()
    {
        var hostile = Topic("trafficking").QuerySelectorAll("ol.items > li")[0];
        var image = Topic("trafficking").QuerySelectorAll("ol.items > li")[1];

        Assert.That(html, Does.Not.Contain("<script").IgnoreCase.And.Not.Contain("<img").IgnoreCase.And.Not.Contain("<b>").IgnoreCase);
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Assert.That(page.QuerySelectorAll("script, img, b, em, iframe, object"), Is.Empty);
        Assert.That(page.QuerySelectorAll("[onerror], [onclick], [onload]"), Is.Empty);
        Assert.That(hostile.QuerySelector("a"), Is.Null, "a javascript: link is shown as text, never linked");
        Assert.That(hostile.QuerySelector(".title")?.TextContent, Is.EqualTo(TopicPageSite.HostileTitle));
        Assert.That(image.QuerySelector("a")?.GetAttribute("href"), Is.EqualTo("http://example.org/freed?a=1&b=%222%22"));
        Assert.That(page.QuerySelectorAll("[href]").Select(e => e.GetAttribute("href")), Has.All.Match("^https?://"));
        Assert.That(Cells("wire")[0], Is.EqualTo($"wire{TopicPageSite.HostileFeedTitle}"));
    }

    [Test]
    public void Page_ShowsEveryConfiguredFeedsHealth()
    {
        var wire = Cells("wire");
        var down = Cells("down");

        Assert.That(page.QuerySelectorAll("#feeds tbody tr").Select(r => r.Id), Is.EqualTo(new[] { "feed-wire", "feed-down", "feed-resting" }));
        Assert.That(wire[1..], Has.Exactly(4).Items);
        Assert.That((wire[1], wire[3]), Is.EqualTo(("ok", "—")));
        Assert.That(wire[2], Does.Match(IsoTime));
        Assert.That(down[..4], Is.EqualTo(new[] { "downDown & out", "failing", "never", "server-error" }));
        Assert.That(down[4], Does.Match(IsoTime));
        Assert.That(Cells("resting"), Is.EqualTo(new[] { "resting", "pending", "never", "—", "—" }));
    }

    [Test]
    public async Task Opml_ListsEveryTopicFeed_WithAbsoluteUrls()
    {
        using var opml = await site.Service.Http.GetAsync("/topics.opml");
        var document = XDocument.Parse(await opml.Content.ReadAsStringAsync());
        var outlines = document.Root!.Element("body")!.Elements("outline").ToList();

        Assert.That(opml.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/x-opml; charset=utf-8"));
        Assert.That((document.Root.Name.LocalName, (string?)document.Root.Attribute("version")), Is.EqualTo(("opml", "2.0")));
        Assert.That((string?)document.Root.Element("head")?.Element("title"), Is.Not.Empty);
        Assert.That(DateTimeOffset.ParseExact((string)document.Root.Element("head")!.Element("dateCreated")!, "r", CultureInfo.InvariantCulture),
            Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        Assert.That(outlines.Select(o => ((string?)o.Attribute("type"), (string?)o.Attribute("text"), (string?)o.Attribute("xmlUrl"), (string?)o.Attribute("htmlUrl"))),
            Is.EqualTo(new[]
            {
                ("rss", "Human trafficking", Url("topics/trafficking.rss"), Url("/")),
                ("rss", "Wildfires", Url("topics/wildfires.rss"), Url("/")),
            }));
        Assert.That((string?)outlines[0].Attribute("description"), Is.EqualTo("Trafficking in persons & forced labour <em>only</em>"));
        foreach (var outline in outlines)
        {
            using var feed = await site.Service.Http.GetAsync((string)outline.Attribute("xmlUrl")!);
            Assert.That((feed.StatusCode, feed.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "application/rss+xml")));
        }
    }
}
