using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using static FeedAggregator.Tests.Storage.StoreItems;

namespace FeedAggregator.Tests.Storage;

public sealed class RetentionTests
{
    [Test]
    public async Task Run_RemovesOldItemsWithTheirRows_KeepsNewOnes_InBatches()
    {
        using var folder = new TempDirectory();
        var time = new ManualTime(Day);
        using var store = new TestStore(folder, time, new StorageOptions { RetentionDays = 30, RetentionBatchSize = 2 });
        await store.Items.SaveAsync("feed", [
            In(Item("old1", "Harvest", published: Day.AddDays(-5)), "farm"),
            In(Item("old2", "Harvest", published: Day.AddDays(-4)), "farm", "food"),
            In(Item("old3", "Harvest", published: Day.AddDays(-3))),
        ]);
        time.Advance(TimeSpan.FromDays(31));
        await store.Items.SaveAsync("feed", [In(Item("new", "Harvest", published: time.GetUtcNow().AddDays(-1)), "farm")]);
        var farm = store.Database.TopicVersions.Of("farm");
        var committed = new List<string>();
        store.Database.TopicVersions.Changed += topics => committed.AddRange(topics);

        var outcome = await store.Retention.RunAsync();

        Assert.That(outcome.ItemsRemoved, Is.EqualTo(3));
        Assert.That((await store.Queries.ListAsync(new ItemFilter { Query = "harvest" }, 10)).Items.Select(i => i.Item.Link), Is.EqualTo(new[] { "https://example.org/new" }));
        Assert.That(store.Scalar("SELECT count(*) FROM items_fts"), Is.EqualTo(1));
        Assert.That(store.Scalar("SELECT count(*) FROM topic_items"), Is.EqualTo(1));
        Assert.That(store.Database.TopicVersions.Of("farm").Number, Is.GreaterThan(farm.Number));
        Assert.That(store.Database.TopicVersions.Of("farm").ChangedAt, Is.EqualTo(time.GetUtcNow()));
        Assert.That(committed, Is.SupersetOf(new[] { "farm", "food" }));
        Assert.That(store.Scalar("SELECT count(*) FROM changes WHERE kind = 'item.removed' AND topic_id IS NULL"), Is.EqualTo(3));
    }

    [Test]
    public async Task Run_OldDatedItemSeenRecently_IsKept()
    {
        using var folder = new TempDirectory();
        var time = new ManualTime(Day);
        using var store = new TestStore(folder, time, new StorageOptions { RetentionDays = 30 });
        await store.Items.SaveAsync("feed", Batch(Item("archive", published: Day.AddYears(-3))));

        var outcome = await store.Retention.RunAsync();

        Assert.That(outcome.ItemsRemoved, Is.Zero);
        Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.EqualTo(1));
    }

    [Test]
    public async Task Run_PrunesOnlyChangesOlderThanRetention()
    {
        using var folder = new TempDirectory();
        var time = new ManualTime(Day);
        using var store = new TestStore(folder, time, new StorageOptions { RetentionDays = 30 });
        await store.Items.SaveAsync("feed", Batch(Item("a", published: Day.AddYears(-3))));
        time.Advance(TimeSpan.FromDays(20));
        await store.Items.SaveAsync("feed", Batch(Item("b")));
        time.Advance(TimeSpan.FromDays(15));

        var outcome = await store.Retention.RunAsync();
        var kept = (await store.Queries.ChangesAsync(0, 10)).Changes;

        Assert.That(outcome, Is.EqualTo(new ItemRetention.Outcome(1, 1)));
        Assert.That(kept.Select(c => c.Kind), Is.EqualTo(new[] { ChangeKinds.ItemAdded, ChangeKinds.ItemRemoved }));
        Assert.That(kept.Select(c => c.Seq), Is.EqualTo(new long[] { 2, 3 }));
    }
}
