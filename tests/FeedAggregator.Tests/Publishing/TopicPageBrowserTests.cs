using Microsoft.Playwright;

namespace FeedAggregator.Tests.Publishing;

/// <summary>
/// The topic page in a real headless Chromium (Debian's, which the test build installs when missing): rendered, its
/// feeds discoverable, no script running, and its subscribe link followed to the feed.
/// </summary>
public sealed class TopicPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private TopicPageSite site = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Missing chromium is a failure, never a skip: the page's promises are only checked here.
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing; `dotnet test FeedAggregator.sln` installs it with apt-get");
        site = await TopicPageSite.StartAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (site is not null)
        {
            await site.DisposeAsync();
        }
    }

    [Test]
    public async Task Page_RendersTopicsAndFeedHealth_RunsNoScript_AndItsRssLinkServesTheFeed()
    {
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        var response = await page.GotoAsync(site.BaseUri.AbsoluteUri, new() { WaitUntil = WaitUntilState.NetworkIdle });
        var text = await page.Locator("body").InnerTextAsync();

        Assert.That(response?.Status, Is.EqualTo(200));
        Assert.That(await page.GetByRole(AriaRole.Heading, new() { Name = "Human trafficking" }).IsVisibleAsync(), Is.True);
        Assert.That(await page.GetByRole(AriaRole.Heading, new() { Name = "Wildfires" }).IsVisibleAsync(), Is.True);
        Assert.That(text, Does.Contain("Trafficking in persons & forced labour <em>only</em>").And.Contain("Forest and steppe fires"));
        Assert.That(text, Does.Contain("Court jails human trafficking ring").And.Contain("Wildfire spreads near the river"));
        Assert.That(await page.Locator("tr#feed-down").InnerTextAsync(), Does.Contain("failing").And.Contain("server-error").And.Contain("never"));
        Assert.That(await page.Locator("tr#feed-wire").IsVisibleAsync(), Is.True);

        // Hostile titles are visible as the text they are; nothing of them became an element, and nothing ran.
        Assert.That(text, Does.Contain(TopicPageSite.HostileTitle).And.Contain(TopicPageSite.ImageTitle).And.Contain(TopicPageSite.HostileFeedTitle));
        Assert.That(await page.Locator("script, img, b, [onerror]").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("a[href^='javascript:' i]").CountAsync(), Is.Zero);
        Assert.That(dialogs, Is.Empty);

        var alternates = page.Locator("head link[rel=alternate]");
        var discovered = new List<(string?, string?)>();
        for (var i = 0; i < await alternates.CountAsync(); i++)
        {
            discovered.Add((await alternates.Nth(i).GetAttributeAsync("type"), await alternates.Nth(i).GetAttributeAsync("href")));
        }

        var feedUrl = new Uri(site.BaseUri, "topics/trafficking.rss").AbsoluteUri;
        Assert.That(discovered, Has.Count.EqualTo(6));
        Assert.That(discovered, Does.Contain(("application/rss+xml", feedUrl)));
        Assert.That(discovered, Does.Contain(("application/atom+xml", new Uri(site.BaseUri, "topics/trafficking.atom").AbsoluteUri)));
        Assert.That(discovered, Does.Contain(("application/feed+json", new Uri(site.BaseUri, "topics/trafficking.json").AbsoluteUri)));

        var subscribe = page.Locator("#topic-trafficking .subscribe");
        Assert.That(await subscribe.GetByRole(AriaRole.Link, new() { Name = "Atom" }).GetAttributeAsync("href"), Does.EndWith("/topics/trafficking.atom"));
        Assert.That(await subscribe.GetByRole(AriaRole.Link, new() { Name = "JSON Feed" }).GetAttributeAsync("href"), Does.EndWith("/topics/trafficking.json"));
        var atomHref = await subscribe.GetByRole(AriaRole.Link, new() { Name = "Atom" }).GetAttributeAsync("href");
        var jsonHref = await subscribe.GetByRole(AriaRole.Link, new() { Name = "JSON Feed" }).GetAttributeAsync("href");
        var feed = await page.RunAndWaitForResponseAsync(() => subscribe.GetByRole(AriaRole.Link, new() { Name = "RSS" }).ClickAsync(), feedUrl);

        Assert.That(feed.Status, Is.EqualTo(200));
        Assert.That(await feed.HeaderValueAsync("content-type"), Is.EqualTo("application/rss+xml; charset=utf-8"));
        Assert.That(await feed.BodyAsync(), Is.EqualTo(await site.Service.Http.GetByteArrayAsync("/topics/trafficking.rss")));

        // The other two subscribe links serve their formats too, asked for as the browser would.
        foreach (var (href, type) in new[] { (atomHref, "application/atom+xml; charset=utf-8"), (jsonHref, "application/feed+json; charset=utf-8") })
        {
            var name = href!;
            var other = await page.Context.APIRequest.GetAsync(href!);
            Assert.That(other.Status, Is.EqualTo(200), name);
            Assert.That(other.Headers["content-type"], Is.EqualTo(type), name);
            Assert.That(await other.TextAsync(), Does.Contain("Court jails human trafficking ring"), name);
        }
    }

    [Test]
    public async Task Page_WithJavaScriptOff_ShowsTheSameTopicsAndItems()
    {
        await using var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.BaseUri.AbsoluteUri);

        Assert.That(await page.Locator("section.topic h2").AllInnerTextsAsync(), Is.EqualTo(new[] { "Human trafficking", "Wildfires" }));
        Assert.That(await page.Locator("#topic-trafficking ol.items .title").AllInnerTextsAsync(), Is.EqualTo(TopicPageSite.NewestTrafficking));
        Assert.That(await page.Locator("#feeds tbody tr").CountAsync(), Is.EqualTo(3));
    }
}
