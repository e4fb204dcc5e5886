using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using static FeedAggregator.Tests.Storage.StoreItems;

namespace FeedAggregator.Tests.Storage;

public sealed class SearchTests
{
    private static async Task<string[]> Search(TestStore store, string q, ItemOrder? order = null) =>
        [.. (await store.Queries.ListAsync(new ItemFilter { Query = q, Order = order }, ItemQueries.MaxLimit)).Items.Select(i => i.Item.Link!)];

    [TestCase("cafe", "https://example.org/en")]
    [TestCase("CAFÉ", "https://example.org/en")]
    [TestCase("naive", "https://example.org/en")]
    [TestCase("москва", "https://example.org/ru")]
    [TestCase("МОСКВА", "https://example.org/ru")]
    [TestCase("елка", "https://example.org/ru")]
    [TestCase("Ёлка", "https://example.org/ru")]
    [TestCase("моск*", "https://example.org/ru")]
    [TestCase("summit", "https://example.org/content")]
    public async Task Query_FoldsCaseAndDiacriticsInEnglishAndRussian(string q, string expected)
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(
            Item("en", "A naïve Café opens", "Coffee in the old town"),
            Item("ru", "Москва: ёлка на Красной площади", "Новогодняя ёлка"),
            Item("content", "Leaders meet", "Short note", "The summit ended late at night")));

        Assert.That(await Search(store, q), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Query_RanksByBm25_TitleAboveContent()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(
            Item("content", "Weather", "Rain later", "A long report that mentions the election once among many other words"),
            Item("title", "Election results", "Counting goes on"),
            Item("both", "Election night", "The election was close")));

        var page = await store.Queries.ListAsync(new ItemFilter { Query = "election" }, 10);

        Assert.That(page.Items.Select(i => i.Item.Link), Is.EqualTo(new[]
        {
            "https://example.org/both", "https://example.org/title", "https://example.org/content",
        }));
        Assert.That(page.Items.Select(i => i.Rank!.Value), Is.Ordered);
    }

    [TestCase("\"unterminated")]
    [TestCase("election AND")]
    [TestCase("(election")]
    [TestCase("nosuchcolumn: election")]
    public async Task Query_Malformed_ThrowsTypedErrorNamingQ(string q)
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        var error = await Assert.ThrowsAsync<StoreQueryException>(() => store.Queries.ListAsync(new ItemFilter { Query = q }, 10));

        Assert.That(error!.Parameter, Is.EqualTo("q"));
        Assert.That(error.Message, Does.Contain(q));
    }

    [Test]
    public async Task Index_FollowsUpdatesAndRemovals()
    {
        using var folder = new TempDirectory();
        var time = new ManualTime(Day.AddDays(1));
        using var store = new TestStore(folder, time, new StorageOptions { RetentionDays = 30 });
        await store.Items.SaveAsync("feed", Batch(Item("a", "Budget vote", "Parliament debates")));

        await store.Items.SaveAsync("feed", Batch(Item("a", "Budget passed", "Parliament approves")));
        var afterUpdate = (await Search(store, "debates"), await Search(store, "approves"));
        time.Advance(TimeSpan.FromDays(31));
        await store.Retention.RunAsync();

        Assert.That(afterUpdate.Item1, Is.Empty);
        Assert.That(afterUpdate.Item2, Is.EqualTo(new[] { "https://example.org/a" }));
        Assert.That(await Search(store, "budget"), Is.Empty);
        Assert.That(store.Scalar("SELECT count(*) FROM items_fts"), Is.Zero);
    }

    [Test]
    public async Task Relevance_PagesCoverEveryMatchOnce_AndLeaveOutItemsThatArriveLater()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch([.. Enumerable.Range(0, 7).Select(n =>
            Item($"i{n}", $"Storm {string.Join(' ', Enumerable.Repeat("storm", n % 3))}", $"Report {n}"))]));
        var filter = new ItemFilter { Query = "storm" };

        var seen = new List<string>();
        string? cursor = null;
        var arrived = 0;
        do
        {
            var page = await store.Queries.ListAsync(filter, 3, cursor);
            seen.AddRange(page.Items.Select(i => i.Item.Uid));
            cursor = page.Next;
            await store.Items.SaveAsync("feed", Batch(Item($"late{arrived++}", "Storm storm storm storm", "Late")));
        }
        while (cursor is not null);

        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 7).Select(n => ItemStore.ItemUid("feed", $"i{n}"))));
    }

    [Test]
    public async Task Relevance_WithoutQuery_IsRefused()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        var error = await Assert.ThrowsAsync<StoreQueryException>(() => store.Queries.ListAsync(new ItemFilter { Order = ItemOrder.Relevance }, 10));

        Assert.That(error!.Parameter, Is.EqualTo("sort"));
        Assert.That(await Search(store, "x", ItemOrder.Newest), Is.Empty);
    }
}
