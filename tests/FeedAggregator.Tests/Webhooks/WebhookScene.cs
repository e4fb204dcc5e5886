using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Webhooks;

/// <summary>
/// A publisher whose two feeds (<c>rss</c>, <c>atom</c>) stay empty until the test publishes them, two topics drawing
/// on one feed each (<c>rss-news</c>, <c>atom-news</c>), a webhook receiver, and the service configured with an
/// endpoint <c>rss-hook</c> on <c>rss-news</c>. Publishing polls the feed at once, so nothing waits on a schedule.
/// </summary>
internal sealed class WebhookScene : IAsyncDisposable
{
    public const string Secret = "hook-secret-0123456789abcdef";
    public const string HookName = "rss-hook";

    private const string EmptyFeed = """
        <rss version="2.0"><channel><title>Nothing yet</title><link>http://example.org/</link><description>empty</description></channel></rss>
        """;

    private static readonly string[] Fixtures = ["trafficking.rss.xml", "trafficking.atom.xml"];

    private readonly ConcurrentDictionary<string, bool> published = new(StringComparer.Ordinal);
    private FeedServer publisher = null!;

    public TempDirectory Folder { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    public static async Task<WebhookScene> StartAsync(Func<int, int>? answer = null)
    {
        var scene = new WebhookScene();
        scene.Receiver = await WebhookReceiver.StartAsync(answer);
        scene.publisher = await FeedServer.StartAsync(app =>
        {
            foreach (var (feed, fixture) in new[] { ("rss", Fixtures[0]), ("atom", Fixtures[1]) })
            {
                app.MapGet($"/news/{feed}", () => scene.published.ContainsKey(feed)
                    ? Results.Bytes(Repository.FixtureBytes(fixture), "application/xml")
                    : Results.Text(EmptyFeed, "application/rss+xml"));
            }
        });
        scene.Folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "rss", "url": "{{scene.publisher.Url("news/rss")}}", "language": "en" },
              { "id": "atom", "url": "{{scene.publisher.Url("news/atom")}}" }
            ] }
            """);
        scene.Folder.Write("topics.json", """
            { "topics": [
              { "id": "rss-news", "query": "feed:rss" },
              { "id": "atom-news", "query": "feed:atom" }
            ] }
            """);
        return scene;
    }

    /// <summary>The service with the endpoint on <c>rss-news</c>, retrying quickly unless <paramref name="extra"/> says otherwise.</summary>
    public async Task<ServiceUnderTest> StartServiceAsync(params string[] extra)
    {
        var service = await ServiceUnderTest.StartAsync(Folder,
        [
            $"--Webhooks:Endpoints:0:Name={HookName}",
            $"--Webhooks:Endpoints:0:Url={Receiver.Url}",
            $"--Webhooks:Endpoints:0:Secret={Secret}",
            "--Webhooks:Endpoints:0:Topics:0=rss-news",
            "--Webhooks:InitialDelay=00:00:00.200",
            .. extra,
        ]);
        // The first scheduled polls find the feeds empty; after them, only the test's publishing adds items.
        await service.WaitForPollsAsync("rss", "atom");
        return service;
    }

    /// <summary>Lets the feed carry its items and polls it now.</summary>
    public async Task PublishAsync(ServiceUnderTest service, string feedId)
    {
        published[feedId] = true;
        var feed = service.Service<FeedCatalog>().Enabled.Single(f => f.Id == feedId);
        var outcome = await service.Service<FeedRefresher>().RefreshAsync(feed, CancellationToken.None);
        Assert.That(outcome.ItemsAdded, Is.GreaterThan(0), $"{feedId} was published");
    }

    /// <summary>The sequence numbers of the changes of a kind and topic, from the store.</summary>
    public long[] Seqs(string topic, string kind = "topic.joined")
    {
        using var store = new TestStore(Folder);
        using var connection = store.Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM v_changes WHERE topic_id = $topic AND kind = $kind ORDER BY seq";
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$kind", kind);
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        while (reader.Read())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return [.. seqs];
    }

    public long HeadSeq()
    {
        using var store = new TestStore(Folder);
        return store.Scalar("SELECT coalesce(max(seq), 0) FROM changes");
    }

    /// <summary>Waits until the endpoint's entry in /health satisfies <paramref name="done"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForHealthAsync(ServiceUnderTest service, Func<JsonElement, bool> done, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var health = await service.Http.GetFromJsonAsync<JsonElement>("/health", timeout.Token);
            var hook = health.GetProperty("webhooks").EnumerateArray().Single(w => w.GetProperty("name").GetString() == HookName);
            if (done(hook))
            {
                return hook;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The endpoint's position has reached <paramref name="seq"/>.</summary>
    public static bool At(JsonElement hook, long seq) =>
        hook.GetProperty("lastDeliveredSeq").ValueKind == JsonValueKind.Number && hook.GetProperty("lastDeliveredSeq").GetInt64() >= seq;

    public async ValueTask DisposeAsync()
    {
        await publisher.DisposeAsync();
        await Receiver.DisposeAsync();
        Folder.Dispose();
    }
}
