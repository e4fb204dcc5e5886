using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using static FeedAggregator.Tests.Storage.StoreItems;

namespace FeedAggregator.Tests.Storage;

public sealed class ItemQueriesTests
{
    private static async Task<string[]> Identities(TestStore store, ItemFilter filter) =>
        [.. (await store.Queries.ListAsync(filter, ItemQueries.MaxLimit)).Items.Select(i => i.Item.Link!.Split('/')[^1])];

    private static async Task<TestStore> Seeded(TempDirectory folder)
    {
        var store = new TestStore(folder);
        await store.Items.SaveAsync("one", [
            In(Item("en1", published: Day.AddHours(1), language: "en"), "tech"),
            In(Item("ru1", published: Day.AddHours(2), language: "ru-RU"), "tech", "world"),
            In(Item("ru2", published: Day.AddHours(3), language: "ru")),
        ]);
        await store.Items.SaveAsync("two", [
            In(Item("rue", published: Day.AddHours(4), language: "rue"), "world"),
            In(Item("none", published: Day.AddHours(5), language: null)),
        ]);
        return store;
    }

    [Test]
    public async Task List_NoFilter_NewestFirst()
    {
        using var folder = new TempDirectory();
        using var store = await Seeded(folder);

        Assert.That(await Identities(store, new ItemFilter()), Is.EqualTo(new[] { "none", "rue", "ru2", "ru1", "en1" }));
    }

    [Test]
    public async Task List_Filters_EachKeepsWhatItNames()
    {
        using var folder = new TempDirectory();
        using var store = await Seeded(folder);

        Assert.Multiple(async () =>
        {
            Assert.That(await Identities(store, new ItemFilter { Topic = "tech" }), Is.EqualTo(new[] { "ru1", "en1" }));
            Assert.That(await Identities(store, new ItemFilter { Feed = "two" }), Is.EqualTo(new[] { "none", "rue" }));
            Assert.That(await Identities(store, new ItemFilter { Feeds = ["two", "other"] }), Is.EqualTo(new[] { "none", "rue" }));
            Assert.That(await Identities(store, new ItemFilter { Feeds = [] }), Is.Empty);
            Assert.That(await Identities(store, new ItemFilter { Language = "RU" }), Is.EqualTo(new[] { "ru2", "ru1" }));
            Assert.That(await Identities(store, new ItemFilter { Language = "ru-ru" }), Is.EqualTo(new[] { "ru1" }));
            Assert.That(await Identities(store, new ItemFilter { Since = Day.AddHours(2), Until = Day.AddHours(4) }), Is.EqualTo(new[] { "ru2", "ru1" }));
            Assert.That(await Identities(store, new ItemFilter { Topic = "world", Feed = "one", Language = "ru" }), Is.EqualTo(new[] { "ru1" }));
        });
    }

    [Test]
    public async Task List_TopicPagedWithTimeWindowAndQuery_SameOrderAsWithoutTopic()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", [.. Enumerable.Range(0, 9).Select(i =>
            In(Item($"i{i}", summary: i % 3 == 0 ? "harbour news" : "other news", published: Day.AddHours(i % 4 * 2).AddMinutes(i)),
                i % 2 == 0 ? ["even"] : ["odd"]))]);

        async Task<string[]> Pages(ItemFilter filter)
        {
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                var page = await store.Queries.ListAsync(filter, 2, cursor);
                seen.AddRange(page.Items.Select(i => i.Item.Link!.Split('/')[^1]));
                cursor = page.Next;
            }
            while (cursor is not null);
            return [.. seen];
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await Pages(new ItemFilter { Topic = "even" }), Is.EqualTo(new[] { "i6", "i2", "i8", "i4", "i0" }));
            Assert.That(await Pages(new ItemFilter { Topic = "even", Since = Day.AddMinutes(4), Until = Day.AddHours(4).AddMinutes(5) }), Is.EqualTo(new[] { "i2", "i8", "i4" }));
            Assert.That(await Pages(new ItemFilter { Topic = "even", Query = "harbour", Order = ItemOrder.Newest }), Is.EqualTo(new[] { "i6", "i0" }));
            Assert.That(await Pages(new ItemFilter { Topic = "odd", Query = "news" }), Has.Length.EqualTo(4));
        });
    }

    [Test]
    public async Task List_QueryWithNewestOrder_FiltersByTextAndKeepsTimeOrder()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(
            Item("old", "Flood warning flood flood", published: Day),
            Item("new", "Flood", published: Day.AddHours(1)),
            Item("other", "Drought", published: Day.AddHours(2))));

        var page = await store.Queries.ListAsync(new ItemFilter { Query = "flood", Order = ItemOrder.Newest }, 10);

        Assert.That(page.Items.Select(i => i.Item.Link), Is.EqualTo(new[] { "https://example.org/new", "https://example.org/old" }));
        Assert.That(page.Items.Select(i => i.Rank), Is.All.Null);
    }

    [Test]
    public async Task List_PagedWhileItemsArrive_NoDuplicatesNoGaps()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch([.. Enumerable.Range(0, 10).Select(n => Item($"i{n}", published: Day.AddMinutes(n % 4)))]));
        var expected = (await store.Queries.ListAsync(new ItemFilter(), 50)).Items.Select(i => i.Item.Uid).ToList();

        var seen = new List<string>();
        string? cursor = null;
        var arrived = 0;
        do
        {
            var page = await store.Queries.ListAsync(new ItemFilter(), 3, cursor);
            seen.AddRange(page.Items.Select(i => i.Item.Uid));
            cursor = page.Next;
            // Newer items arrive above the pages already read, and old-dated ones among those still to come.
            await store.Items.SaveAsync("feed", Batch(
                Item($"newer{arrived}", published: Day.AddDays(1).AddMinutes(arrived)),
                Item($"older{arrived}", published: Day.AddDays(-1).AddMinutes(arrived))));
            arrived++;
        }
        while (cursor is not null);

        Assert.That(seen, Is.Unique);
        Assert.That(seen.Take(expected.Count), Is.EqualTo(expected));
        Assert.That(seen.Skip(expected.Count), Has.All.Matches<string>(uid => Enumerable.Range(0, arrived).Any(n => uid == ItemStore.ItemUid("feed", $"older{n}"))));
    }

    [TestCase("not base64 !")]
    [TestCase("eHl6")]
    [TestCase("bnx4fDE")]
    public async Task List_ForeignCursor_IsATypedError(string cursor)
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        var error = await Assert.ThrowsAsync<StoreQueryException>(() => store.Queries.ListAsync(new ItemFilter(), 10, cursor));

        Assert.That(error!.Parameter, Is.EqualTo("cursor"));
    }

    [Test]
    public async Task List_CursorOfAnotherOrder_IsRefused()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(Item("a", "Flood"), Item("b", "Flood")));
        var next = (await store.Queries.ListAsync(new ItemFilter(), 1)).Next;

        var error = await Assert.ThrowsAsync<StoreQueryException>(() => store.Queries.ListAsync(new ItemFilter { Query = "flood" }, 1, next));

        Assert.That(error!.Parameter, Is.EqualTo("cursor"));
    }

    [TestCase(0)]
    [TestCase(501)]
    public async Task List_LimitOutOfRange_IsATypedError(int limit)
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        var error = await Assert.ThrowsAsync<StoreQueryException>(() => store.Queries.ListAsync(new ItemFilter(), limit));

        Assert.That(error!.Parameter, Is.EqualTo("limit"));
    }

    [Test]
    public async Task Sources_EveryFeedCarryingTheStory_FirstSeenFirst()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("one", Batch(Item("a", link: "https://news.example/story?utm_source=x"), Item("b")));
        await store.Items.SaveAsync("two", Batch(Item("z", link: "http://NEWS.example/story")));
        await store.Items.SaveAsync("three", Batch(Item("solo", link: null)));

        var sources = await store.Queries.SourcesAsync(ItemStore.ItemUid("two", "z"));
        var solo = await store.Queries.SourcesAsync(ItemStore.ItemUid("three", "solo"));

        Assert.That(sources!.Select(s => s.FeedId), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(solo!.Select(s => s.FeedId), Is.EqualTo(new[] { "three" }));
        Assert.That(await store.Queries.SourcesAsync("nosuchuid"), Is.Null);
    }
}
