using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Publishing;

/// <summary>
/// The real host with two topics, polling a publisher whose feed mixes ordinary items with hostile ones (markup in
/// titles, a <c>javascript:</c> link, a feed title with markup), a feed that is down and a disabled one.
/// </summary>
internal sealed class TopicPageSite : IAsyncDisposable
{
    public const string HostileFeedTitle = "<b>Wire</b> & \"Co\" <script>alert(2)</script>";
    public const string HostileTitle = "<script>alert(1)</script> Trafficking gang exposed";
    public const string ImageTitle = "<img src=x onerror=alert(3)> Trafficking victims freed";

    /// <summary>The trafficking topic's five newest items, newest first; an older sixth one is left off the page.</summary>
    public static readonly string[] NewestTrafficking =
    [
        HostileTitle,
        ImageTitle,
        "Court jails human trafficking ring",
        "Traffickers sentenced in appeal",
        "Anti-trafficking week opens",
    ];

    public const string OldestTrafficking = "Old trafficking case closed";

    // Titles are HTML in RSS: the escaped markup below is stored as the plain text above, angle brackets and all.
    private const string Feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Wire</title><link>http://example.org/</link><description>News</description>
        <item><title>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; Trafficking gang exposed</title>
          <link>javascript:alert(1)</link><guid>hostile</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate></item>
        <item><title>&amp;lt;img src=x onerror=alert(3)&amp;gt; Trafficking victims freed</title>
          <link>http://example.org/freed?a=1&amp;b="2"</link><guid>image</guid><pubDate>Mon, 04 Mar 2024 10:00:00 +0000</pubDate></item>
        <item><title>Wildfire spreads near the river</title>
          <link>https://example.org/wildfire</link><guid>fire</guid><pubDate>Sun, 03 Mar 2024 10:00:00 +0000</pubDate></item>
        <item><title>Court jails human trafficking ring</title>
          <link>https://example.org/court</link><guid>court</guid><pubDate>Fri, 01 Mar 2024 10:00:00 +0000</pubDate></item>
        <item><title>Traffickers sentenced in appeal</title>
          <link>https://example.org/appeal</link><guid>appeal</guid><pubDate>Thu, 01 Feb 2024 10:00:00 +0000</pubDate></item>
        <item><title>Anti-trafficking week opens</title>
          <link>https://example.org/week</link><guid>week</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate></item>
        <item><title>Old trafficking case closed</title>
          <link>https://example.org/old</link><guid>old</guid><pubDate>Sun, 01 Jan 2023 10:00:00 +0000</pubDate></item>
        </channel></rss>
        """;

    private TopicPageSite(FeedServer publisher, TempDirectory folder, ServiceUnderTest service)
    {
        Publisher = publisher;
        Folder = folder;
        Service = service;
    }

    public FeedServer Publisher { get; }

    public TempDirectory Folder { get; }

    public ServiceUnderTest Service { get; }

    /// <summary>The address the service listens on.</summary>
    public Uri BaseUri => Service.Http.BaseAddress!;

    public static async Task<TopicPageSite> StartAsync(params string[] extra)
    {
        var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/wire.xml", () => Results.Text(Feed, "application/rss+xml"));
            app.MapGet("/down.xml", () => Results.StatusCode(503));
        });
        var folder = new TempDirectory();
        folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "wire", "url": "{{publisher.Url("wire.xml")}}", "title": {{System.Text.Json.JsonSerializer.Serialize(HostileFeedTitle)}}, "language": "en" },
              { "id": "down", "url": "{{publisher.Url("down.xml")}}", "title": "Down & out" },
              { "id": "resting", "url": "{{publisher.Url("resting.xml")}}", "enabled": false }
            ] }
            """);
        folder.Write("topics.json", """
            { "topics": [
              { "id": "trafficking", "title": "Human trafficking", "description": "Trafficking in persons & forced labour <em>only</em>",
                "query": "traffick*", "languages": ["en", "ru"] },
              { "id": "wildfires", "title": "Wildfires", "description": "Forest and steppe fires", "query": "wildfire*" }
            ] }
            """);
        var service = await ServiceUnderTest.StartAsync(folder, extra);
        await service.WaitForPollsAsync("wire", "down");
        return new TopicPageSite(publisher, folder, service);
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Folder.Dispose();
        await Publisher.DisposeAsync();
    }
}
