using System.Xml.Linq;
using AngleSharp.Html.Parser;

namespace FeedAggregator.Tests.Publishing;

/// <summary>Behind a proxy the page and the OPML link to where readers reach the service, as the feeds themselves do.</summary>
public sealed class TopicPagePublicBaseTests
{
    [Test]
    public async Task PageAndOpml_WithPublicBaseUrl_LinkUnderIt()
    {
        await using var site = await TopicPageSite.StartAsync("--Aggregator:PublicBaseUrl=https://news.example.org/aggregator");

        using var page = new HtmlParser().ParseDocument(await site.Service.Http.GetStringAsync("/"));
        var opml = XDocument.Parse(await site.Service.Http.GetStringAsync("/topics.opml"));
        var rss = XDocument.Parse(await site.Service.Http.GetStringAsync("/topics/trafficking.rss"));
        var self = rss.Descendants(XName.Get("link", "http://www.w3.org/2005/Atom")).Single().Attribute("href")!.Value;
        var links = page.QuerySelectorAll("link[rel=alternate], .subscribe a").Select(l => l.GetAttribute("href")).ToList();

        Assert.That(self, Is.EqualTo("https://news.example.org/aggregator/topics/trafficking.rss"));
        Assert.That(links, Has.Count.EqualTo(12).And.All.StartWith("https://news.example.org/aggregator/topics/"));
        Assert.That(links, Does.Contain(self));
        Assert.That(opml.Descendants("outline").Select(o => (string?)o.Attribute("xmlUrl")), Does.Contain(self));
        Assert.That(opml.Descendants("outline").Select(o => (string?)o.Attribute("htmlUrl")), Has.All.EqualTo("https://news.example.org/aggregator/"));
    }
}
