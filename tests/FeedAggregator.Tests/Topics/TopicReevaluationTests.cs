using FeedAggregator.Normalising;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

/// <summary>Re-evaluating stored items when topics change, on a real SQLite file.</summary>
public sealed class TopicReevaluationTests
{
    private static readonly ManualTime Clock = new();

    private static NormalisedItem Item(string identity, string title, int daysAgo) =>
        new(identity, $"https://example.org/{identity}", title, "", null, [], "en", Clock.GetUtcNow().AddDays(-daysAgo), null,
            ItemNormaliser.Hash(title), "{\"content\":[{\"value\":\"<p>Full text about <b>bondage</b></p>\",\"type\":\"text/html\"}]}");

    private static async Task<(TestStore Store, TopicReevaluation Reevaluation)> StoreWithItemsAsync(TempDirectory folder)
    {
        var store = new TestStore(folder, Clock);
        await store.Items.SaveAsync("feed",
        [
            (Item("cats-new", "Cats", 1), []),
            (Item("dogs-new", "Dogs", 2), []),
            (Item("cats-old", "Cats", 60), []),
        ]);
        return (store, new TopicReevaluation(store.Topics, new FeedCatalog(new OperatorConfig(store.Paths, Clock)), Clock));
    }

    private static async Task<List<string>> MembersAsync(TestStore store, string topic) =>
        [.. (await store.Topics.LatestAsync(topic, 100)).Select(i => i.Link!.Split('/')[^1]).Order()];

    [Test]
    public async Task Run_NewTopic_MatchesItemsOfItsWindowOnly()
    {
        using var folder = new TempDirectory();
        var (store, reevaluation) = await StoreWithItemsAsync(folder);
        using var _ = store;

        var outcome = await reevaluation.RunAsync([new Topic("pets", "Pets", null, "cats")]);

        Assert.That(outcome.Evaluated, Is.EqualTo(new[] { "pets" }));
        Assert.That(outcome.Items, Is.EqualTo(2), "the 60-day-old item is outside the 30-day window");
        Assert.That(await MembersAsync(store, "pets"), Is.EqualTo(new[] { "cats-new" }));
    }

    [Test]
    public async Task Run_ChangedTopic_ItemsLeaveAndJoin_UnchangedTopicIsNotRun()
    {
        using var folder = new TempDirectory();
        var (store, reevaluation) = await StoreWithItemsAsync(folder);
        using var _ = store;
        await reevaluation.RunAsync([new Topic("pets", "Pets", null, "cats")]);

        var same = await reevaluation.RunAsync([new Topic("pets", "Pets", null, "cats")]);
        var changed = await reevaluation.RunAsync([new Topic("pets", "Pets", null, "dogs")]);

        Assert.That(same.Evaluated, Is.Empty);
        Assert.That(changed.Evaluated, Is.EqualTo(new[] { "pets" }));
        Assert.That((changed.Joined, changed.Left), Is.EqualTo((1, 1)));
        Assert.That(await MembersAsync(store, "pets"), Is.EqualTo(new[] { "dogs-new" }));
    }

    [Test]
    public async Task Run_WiderWindow_ReachesOlderItems_AndLimitsCount()
    {
        using var folder = new TempDirectory();
        var (store, reevaluation) = await StoreWithItemsAsync(folder);
        using var _ = store;

        await reevaluation.RunAsync([new Topic("pets", "Pets", null, "cats") { Window = TimeSpan.FromDays(90) }]);

        Assert.That(await MembersAsync(store, "pets"), Is.EqualTo(new[] { "cats-new", "cats-old" }));
    }

    [Test]
    public async Task Run_ContentFromStoredJson_IsMatchedAndExplained()
    {
        using var folder = new TempDirectory();
        var (store, reevaluation) = await StoreWithItemsAsync(folder);
        using var _ = store;

        await reevaluation.RunAsync([new Topic("bondage", "Bondage", null, "content:bondage")]);
        var detail = await store.Topics.ItemAsync(ItemStore.ItemUid("feed", "dogs-new"));

        var match = detail!.Topics.Single();
        Assert.That(match.Topic, Is.EqualTo("bondage"));
        Assert.That(match.Explanation!.Terms.Single(), Is.EqualTo(match.Explanation.Terms[0] with { Term = "content:bondage" }));
        Assert.That(match.Explanation.Terms[0].Words, Is.EqualTo(new[] { "bondage" }));
        Assert.That(match.Explanation.Terms[0].Fields, Is.EqualTo(new[] { "content" }));
    }

    [Test]
    public async Task Run_RemovedTopic_LosesItsRows()
    {
        using var folder = new TempDirectory();
        var (store, reevaluation) = await StoreWithItemsAsync(folder);
        using var _ = store;
        await reevaluation.RunAsync([new Topic("pets", "Pets", null, "cats")]);

        var outcome = await reevaluation.RunAsync([]);

        Assert.That(outcome.Forgotten, Is.EqualTo(new[] { "pets" }));
        Assert.That(store.Scalar("SELECT count(*) FROM topic_items"), Is.Zero);
        Assert.That(store.Scalar("SELECT count(*) FROM topics"), Is.Zero);
    }
}
