using FeedAggregator.Normalising;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Storage;

public sealed class ItemStoreTests
{
    private static NormalisedItem Item(string identity, string title = "Title", DateTimeOffset? published = null) =>
        new(identity, $"https://example.org/{identity}", title, "Summary", null, ["c"], "en",
            published ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), null, ItemNormaliser.Hash(title), $"{{\"title\":\"{title}\"}}");

    private static (NormalisedItem, IReadOnlyList<TopicMatch>)[] Batch(params NormalisedItem[] items) =>
        [.. items.Select(i => (i, (IReadOnlyList<TopicMatch>)[new TopicMatch("topic", new MatchExplanation(MatchExplanation.Query, "x", []))]))];

    [Test]
    public void Open_NewFile_UsesWalAndRecordsSchemaVersion()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        Assert.That(store.Scalar("PRAGMA user_version"), Is.EqualTo(store.Database.SchemaVersion));
        using var connection = store.Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }

    [Test]
    public async Task Save_SameItemsTwice_AddsNothingTheSecondTime()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        var first = await store.Items.SaveAsync("feed", Batch(Item("a"), Item("b")));
        var second = await store.Items.SaveAsync("feed", Batch(Item("a"), Item("b")));

        Assert.That(first, Is.EqualTo(new IngestResult(2, 0, 0)));
        Assert.That(second, Is.EqualTo(new IngestResult(0, 0, 2)));
        Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.EqualTo(2));
        Assert.That(store.Scalar("SELECT count(*) FROM topic_items"), Is.EqualTo(2));
    }

    [Test]
    public async Task Save_SameIdentityInTwoFeeds_KeepsBoth()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        await store.Items.SaveAsync("one", Batch(Item("a")));
        await store.Items.SaveAsync("two", Batch(Item("a")));

        Assert.That(store.Scalar("SELECT count(DISTINCT uid) FROM items"), Is.EqualTo(2));
    }

    [Test]
    public async Task Save_EditedItem_UpdatesInPlaceAndKeepsUid()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(Item("a", "Old title")));

        var result = await store.Items.SaveAsync("feed", Batch(Item("a", "New title")));

        Assert.That(result, Is.EqualTo(new IngestResult(0, 1, 0)));
        var latest = await store.Topics.LatestAsync("topic", 10);
        Assert.That(latest.Single().Title, Is.EqualTo("New title"));
        Assert.That(latest.Single().Uid, Is.EqualTo(ItemStore.ItemUid("feed", "a")));
    }

    [Test]
    public async Task Save_WithItsSource_NamesTheFeedInTheSameWrite_BeforeItsStatusIsRecorded()
    {
        // A topic feed rendered right after a feed's first items commit (a static copy, the cached response of the
        // topic's new version) names the feed; before, the feed's row came only with the poll's status, a write later.
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        await store.Items.SaveAsync("feed", Batch(Item("a")), source: new SavedFeed("https://news.example/rss", "News"));

        var item = (await store.Topics.LatestAsync("topic", 10)).Single();
        var status = (await store.Statuses.AllAsync())["feed"];
        Assert.Multiple(() =>
        {
            Assert.That(item.FeedUrl, Is.EqualTo("https://news.example/rss"));
            Assert.That(item.FeedTitle, Is.EqualTo("News"));
            Assert.That(status.LastPollAt, Is.Null, "no poll recorded yet");
            Assert.That(status.State, Is.EqualTo("pending"));
        });
    }

    [Test]
    public async Task Save_WithANewSourceUrl_DropsWhatThePollsOfTheOldUrlCarried()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        var at = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var carried = new FeedFetchState("\"v1\"", "Mon, 01 Jan 2024 00:00:00 GMT", "hash", 60, "https://moved.example/rss", "https://old.example/rss", null, 0);
        await store.Statuses.RecordAsync(new PollOutcome("feed", "https://old.example/rss", "Old", at, 200, null, null, 0, null) { Fetch = carried });

        await store.Items.SaveAsync("feed", Batch(Item("a")), source: new SavedFeed("https://old.example/rss", null));
        var same = (await store.Statuses.AllAsync())["feed"];
        await store.Items.SaveAsync("feed", Batch(Item("b")), source: new SavedFeed("https://new.example/rss", null));
        var moved = (await store.Statuses.AllAsync())["feed"];

        Assert.Multiple(() =>
        {
            Assert.That(same.Fetch, Is.EqualTo(carried), "the same URL keeps its validators and body hash");
            Assert.That(same.Url, Is.EqualTo("https://old.example/rss"));
            Assert.That(moved.Url, Is.EqualTo("https://new.example/rss"));
            Assert.That(moved.Fetch with { TtlMinutes = null }, Is.EqualTo(FeedFetchState.None), "nothing of the old URL's fetches");
        });
        Assert.That((await store.Topics.LatestAsync("topic", 10)).Select(i => (i.FeedUrl, i.FeedTitle)).Distinct(),
            Is.EqualTo(new[] { ("https://new.example/rss", "Old") }), "a source without a title keeps the one known");
    }

    [Test]
    public async Task Latest_NewestFirst_FutureDatesDoNotJumpTheQueue()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(
            Item("old", published: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Item("future", published: DateTimeOffset.UtcNow.AddYears(5)),
            Item("new", published: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))));

        var latest = await store.Topics.LatestAsync("topic", 2);

        Assert.That(latest.Select(i => i.Link), Is.EqualTo(new[] { "https://example.org/future", "https://example.org/new" }));
        Assert.That(latest[0].SortAt, Is.LessThanOrEqualTo(DateTimeOffset.UtcNow));
    }

    [Test]
    public async Task Status_FailuresCountUpAndResetOnSuccess()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        var at = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await store.Statuses.RecordAsync(new PollOutcome("f", "https://x", null, at, null, "dns", "no host", 0, null));
        await store.Statuses.RecordAsync(new PollOutcome("f", "https://x", null, at.AddMinutes(1), 503, "server-error", "HTTP 503", 0, null));
        var failing = (await store.Statuses.AllAsync())["f"];
        await store.Statuses.RecordAsync(new PollOutcome("f", "https://x", "X", at.AddMinutes(2), 200, null, null, 3, null));
        var ok = (await store.Statuses.AllAsync())["f"];

        Assert.That(failing.ConsecutiveFailures, Is.EqualTo(2));
        Assert.That(failing.LastSuccessAt, Is.Null);
        Assert.That(failing.LastErrorClass, Is.EqualTo("server-error"));
        Assert.That(ok.ConsecutiveFailures, Is.Zero);
        Assert.That(ok.LastSuccessAt, Is.EqualTo(at.AddMinutes(2)));
        Assert.That(ok.LastErrorClass, Is.Null);
        Assert.That(ok.ItemsAddedLast, Is.EqualTo(3));
    }
}
