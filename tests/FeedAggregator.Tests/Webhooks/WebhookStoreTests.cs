using System.Text.Json;
using FeedAggregator.Tests.Support;
using FeedAggregator.Webhooks;
using static FeedAggregator.Tests.Storage.StoreItems;

namespace FeedAggregator.Tests.Webhooks;

/// <summary>Endpoints' positions and pending batches in a real SQLite file.</summary>
public sealed class WebhookStoreTests
{
    private static readonly WebhookEndpointSetting Hook = new() { Name = "hook", Url = "http://127.0.0.1:9/", Secret = "0123456789abcdef", Topics = ["x", "nowhere"] };

    [Test]
    public async Task NewEndpoint_StartsAtTheNewestChange_AnEndpointSeenBeforeKeepsItsPosition()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        var webhooks = new WebhookStore(store.Database);
        await store.Items.SaveAsync("feed", [In(Item("a"), "x")]);
        var head = store.Scalar("SELECT max(seq) FROM changes");

        await webhooks.EnsureAsync(["hook"], Day, CancellationToken.None);
        await store.Items.SaveAsync("feed", [In(Item("b"), "x")]);
        await webhooks.EnsureAsync(["hook", "later"], Day, CancellationToken.None);
        var states = await webhooks.ReadAllAsync(CancellationToken.None);

        Assert.That(states["hook"].LastDeliveredSeq, Is.EqualTo(head), "history before the endpoint existed is not sent");
        Assert.That(states["later"].LastDeliveredSeq, Is.EqualTo(head + 2));
        Assert.That(states["hook"].Pending, Is.Null);
    }

    [Test]
    public async Task NextBatch_TakesTheChosenKindsAndTopicsInOrder_AndMovesPastTheRest()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        var webhooks = new WebhookStore(store.Database);
        await webhooks.EnsureAsync(["hook"], Day, CancellationToken.None);
        await store.Items.SaveAsync("feed", [In(Item("a", "First"), "x", "y"), In(Item("b", "Second"), "y"), In(Item("c", "Third"), "x")]);
        var joinedX = ChangesOf(store, "topic.joined", "x");

        var batch = await webhooks.NextBatchAsync(Hook, 0, 1, Day, CancellationToken.None);
        var body = JsonDocument.Parse(batch!.Body).RootElement;
        await webhooks.DeliveredAsync("hook", batch, 200, Day, CancellationToken.None);
        var second = await webhooks.NextBatchAsync(Hook, batch.LastSeq, 10, Day, CancellationToken.None);
        await webhooks.DeliveredAsync("hook", second!, 200, Day, CancellationToken.None);
        await store.Items.SaveAsync("feed", [In(Item("d"), "y")]);
        var none = await webhooks.NextBatchAsync(Hook, second!.LastSeq, 10, Day, CancellationToken.None);

        Assert.That((batch.FirstSeq, batch.LastSeq, second.FirstSeq, second.LastSeq), Is.EqualTo((joinedX[0], joinedX[0], joinedX[1], joinedX[1])));
        Assert.That(body.GetProperty("deliveryId").GetString(), Is.EqualTo($"hook:{joinedX[0]}-{joinedX[0]}"));
        var change = body.GetProperty("changes")[0];
        Assert.That((change.GetProperty("kind").GetString(), change.GetProperty("topic").GetString(), change.GetProperty("item").GetProperty("title").GetString()),
            Is.EqualTo(("topic.joined", "x", "First")));
        Assert.That(none, Is.Null);
        Assert.That((await webhooks.ReadAsync("hook", CancellationToken.None)).LastDeliveredSeq, Is.EqualTo(store.Scalar("SELECT max(seq) FROM changes")),
            "changes of other topics move the position without a delivery");
    }

    [Test]
    public async Task PendingBatch_AndItsSchedule_AreReadBackByANewProcess_Unchanged()
    {
        using var folder = new TempDirectory();
        PendingBatch batch;
        var next = Day.AddSeconds(20);
        using (var store = new TestStore(folder))
        {
            var webhooks = new WebhookStore(store.Database);
            await webhooks.EnsureAsync(["hook"], Day, CancellationToken.None);
            await store.Items.SaveAsync("feed", [In(Item("a", "Before"), "x")]);
            batch = (await webhooks.NextBatchAsync(Hook, 0, 10, Day, CancellationToken.None))!;
            await webhooks.RetryLaterAsync("hook", 1, next, new AttemptResult(false, 503, "HTTP 503 Service Unavailable", null), Day, CancellationToken.None);
            await store.Items.SaveAsync("feed", [In(Item("a", "Edited since"), "x")]);
        }

        using var reopened = new TestStore(folder);
        var state = await new WebhookStore(reopened.Database).ReadAsync("hook", CancellationToken.None);

        Assert.That(state.Pending, Is.EqualTo(batch));
        Assert.That(state.Pending!.Body, Does.Contain("\"Before\""), "a redelivery sends the body as first made");
        Assert.That((state.Attempts, state.NextAttemptAt, state.LastStatus, state.LastError), Is.EqualTo((1, next, 503, "HTTP 503 Service Unavailable")));
    }

    private static long[] ChangesOf(TestStore store, string kind, string topic)
    {
        using var connection = store.Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT seq FROM changes WHERE kind = '{kind}' AND topic_id = '{topic}' ORDER BY seq";
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        while (reader.Read())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return [.. seqs];
    }
}
