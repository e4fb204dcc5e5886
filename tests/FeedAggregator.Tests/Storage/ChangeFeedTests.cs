using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using FeedAggregator.Topics;
using static FeedAggregator.Tests.Storage.StoreItems;

namespace FeedAggregator.Tests.Storage;

public sealed class ChangeFeedTests
{
    private static async Task<List<StoreChange>> All(TestStore store)
    {
        var page = await store.Queries.ChangesAsync(0, ItemQueries.MaxLimit);
        return [.. page.Changes];
    }

    private static string[] Kinds(IEnumerable<StoreChange> changes) =>
        [.. changes.Select(c => c.TopicId is null ? $"{c.Kind} {c.ItemUid[..4]}" : $"{c.Kind} {c.ItemUid[..4]} {c.TopicId}")];

    private static string Uid(string identity) => ItemStore.ItemUid("feed", identity)[..4];

    [Test]
    public async Task Save_RecordsAddsJoinsUpdatesAndOnlyRealJoinsAndLeaves()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        await store.Items.SaveAsync("feed", [In(Item("a", "First"), "x", "y")]);
        await store.Items.SaveAsync("feed", [In(Item("a", "First"), "x", "y")]);
        await store.Items.SaveAsync("feed", [In(Item("a", "Edited"), "y", "z")]);
        await store.Items.SaveAsync("feed", [In(Item("a", "Edited again"), "y", "z")]);

        var changes = await All(store);
        Assert.That(Kinds(changes), Is.EqualTo(new[]
        {
            $"item.added {Uid("a")}", $"topic.joined {Uid("a")} x", $"topic.joined {Uid("a")} y",
            $"item.updated {Uid("a")}", $"topic.joined {Uid("a")} z", $"topic.left {Uid("a")} x",
            $"item.updated {Uid("a")}",
        }));
        Assert.That(changes.Select(c => c.Seq), Is.Ordered.Ascending.And.Unique);
        Assert.That(changes.Select(c => c.FeedId), Is.All.EqualTo("feed"));
    }

    [Test]
    public async Task Reevaluation_RecordsJoinsAndLeaves_ForgettingATopicLeavesItsItems()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", Batch(Item("a"), Item("b")));
        var head = (await All(store))[^1].Seq;
        var ids = (await store.Queries.ListAsync(new ItemFilter(), 10)).Items.ToDictionary(i => i.Item.Uid[..4], i => i.Item.Id);
        var why = new MatchExplanation(MatchExplanation.Query, "x", []);

        await store.Topics.ApplyAsync([new TopicVerdict(ids[Uid("a")], "t", why), new TopicVerdict(ids[Uid("b")], "t", why)]);
        await store.Topics.ApplyAsync([new TopicVerdict(ids[Uid("a")], "t", why), new TopicVerdict(ids[Uid("b")], "t", null)]);
        await store.Topics.ForgetAsync(["t"]);

        var page = await store.Queries.ChangesAsync(head, 100);
        Assert.That(Kinds(page.Changes), Is.EqualTo(new[]
        {
            $"topic.joined {Uid("a")} t", $"topic.joined {Uid("b")} t", $"topic.left {Uid("b")} t", $"topic.left {Uid("a")} t",
        }));
        Assert.That(page.More, Is.False);
        Assert.That(page.Expired, Is.False);
    }

    [Test]
    public async Task Changes_PagedByAfter_NeitherMissNorRepeat()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        for (var n = 0; n < 7; n++)
        {
            await store.Items.SaveAsync("feed", Batch(Item($"i{n}")));
        }

        var read = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await store.Queries.ChangesAsync(after, 3);
            read.AddRange(page.Changes.Select(c => c.Seq));
            if (page.Changes.Count > 0)
            {
                after = page.Changes[^1].Seq;
            }

            if (read.Count == 7)
            {
                // A change written between two reads comes next, after everything read before it.
                await store.Items.SaveAsync("feed", Batch(Item("late")));
            }

            if (!page.More && read.Count > 7)
            {
                break;
            }
        }

        Assert.That(read, Is.EqualTo(Enumerable.Range(1, 8).Select(n => (long)n)));
    }

    [Test]
    public async Task Changes_AfterPruning_SayTheOldPositionExpired()
    {
        using var folder = new TempDirectory();
        var time = new ManualTime(Day.AddDays(1));
        using var store = new TestStore(folder, time, new StorageOptions { RetentionDays = 10, RetentionBatchSize = 2 });
        await store.Items.SaveAsync("feed", Batch(Item("a"), Item("b"), Item("c")));
        time.Advance(TimeSpan.FromDays(11));
        await store.Items.SaveAsync("feed", Batch(Item("d", published: time.GetUtcNow())));

        var outcome = await store.Retention.RunAsync();
        var fromStart = await store.Queries.ChangesAsync(0, 100);
        var fromHead = await store.Queries.ChangesAsync(fromStart.Changes[^1].Seq, 100);

        Assert.That(outcome, Is.EqualTo(new ItemRetention.Outcome(3, 3)));
        Assert.That(fromStart.Expired, Is.True);
        Assert.That(Kinds(fromStart.Changes), Is.EqualTo(new[]
        {
            $"item.added {Uid("d")}", $"item.removed {Uid("a")}", $"item.removed {Uid("b")}", $"item.removed {Uid("c")}",
        }));
        Assert.That(fromHead.Expired, Is.False);
        Assert.That(fromHead.Changes, Is.Empty);
    }

    [Test]
    public void Changes_BadLimitOrPosition_AreTypedErrors()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);

        Assert.That(async () => await store.Queries.ChangesAsync(0, 0), Throws.TypeOf<StoreQueryException>().With.Property("Parameter").EqualTo("limit"));
        Assert.That(async () => await store.Queries.ChangesAsync(-1, 10), Throws.TypeOf<StoreQueryException>().With.Property("Parameter").EqualTo("after"));
    }
}
