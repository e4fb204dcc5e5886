using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Fetching;

/// <summary>
/// The real host's services (fetcher, refresher, store) for feeds the test names, on a clock the test moves; the
/// scheduler is not started, so every poll is the test's own.
/// </summary>
internal sealed class Poller : IAsyncDisposable
{
    private readonly TempDirectory folder = new();
    private readonly WebApplication app;
    private readonly IAsyncDisposable? owned;

    public Poller(IReadOnlyDictionary<string, Uri> feeds, params string[] extra)
        : this(feeds, new ManualTime(), null, extra)
    {
    }

    /// <param name="owned">Disposed with the poller: a server the test made for it.</param>
    public Poller(IReadOnlyDictionary<string, Uri> feeds, ManualTime time, IAsyncDisposable? owned, params string[] extra)
    {
        Time = time;
        this.owned = owned;
        var entries = feeds.Select(f => $$"""{ "id": "{{f.Key}}", "url": "{{f.Value}}", "interval": "00:10:00" }""");
        folder.Write("feeds.json", $$"""{ "feeds": [ {{string.Join(",\n", entries)}} ] }""");
        folder.Write("topics.json", """{ "topics": [ { "id": "all", "title": "All", "query": "the OR a OR news" } ] }""");
        app = AggregatorHost.Build(
            ServiceUnderTest.Args(folder, ["--Fetching:RetryDelay=00:00:00.010", "--Fetching:Timeout=00:00:03", .. extra]),
            builder => builder.Services.AddSingleton<TimeProvider>(Time));
    }

    public ManualTime Time { get; }

    public TestStore Store() => new(folder);

    public T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async Task<PollOutcome> PollAsync(string feedId) =>
        await Service<FeedRefresher>().RefreshAsync(Service<FeedCatalog>().Find(feedId)!, CancellationToken.None);

    public async Task<FeedStatus> StatusAsync(string feedId) => (await Service<FeedStatusStore>().GetAsync(feedId))!;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        folder.Dispose();
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
    }
}
