using System.Text.RegularExpressions;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Publishing;

/// <summary>The page lists a topic's newest items as its feeds do: a story carried by several feeds appears once.</summary>
public sealed class TopicPageStoryTests
{
    private static string Rss(string site, string link) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{site}</title><link>https://{site}.example/</link><description>News</description>
        <item><title>Trafficking ring broken up by police</title><link>{link}</link><guid>ring</guid>
          <pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate></item>
        </channel></rss>
        """;

    [Test]
    public async Task Page_StoryCarriedByTwoFeeds_IsListedOnce()
    {
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/one", () => Results.Text(Rss("one", "https://news.example/ring"), "application/rss+xml"));
            app.MapGet("/two", () => Results.Text(Rss("two", "http://news.example/ring?utm_source=two"), "application/rss+xml"));
        });
        using var folder = new TempDirectory();
        folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "one", "url": "{{publisher.Url("one")}}" },
              { "id": "two", "url": "{{publisher.Url("two")}}" }
            ] }
            """);
        folder.Write("topics.json", """{ "topics": [ { "id": "trafficking", "query": "trafficking", "window": "3650d" } ] }""");
        await using var service = await ServiceUnderTest.StartAsync(folder);
        await service.WaitForPollsAsync("one", "two");

        var page = await service.Http.GetStringAsync("/");

        Assert.That(Regex.Count(page, "Trafficking ring broken up by police"), Is.EqualTo(1));
    }
}
