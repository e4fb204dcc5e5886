using System.Text.Json;
using static FeedAggregator.Tests.Webhooks.WebhookScene;

namespace FeedAggregator.Tests.Webhooks;

/// <summary>Webhooks end to end: the real host polling a real publisher and POSTing to a real receiver.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly string[] RssTitles =
    [
        "Court jails human trafficking ring",
        "Annual report on victim support published",
        "Торговля людьми: задержаны организаторы преступной группы",
        "City council approves new park",
    ];

    [Test]
    public async Task NewItemsInTheChosenTopic_ArriveSigned_OtherTopicsNever()
    {
        await using var scene = await WebhookScene.StartAsync();
        await using var service = await scene.StartServiceAsync();

        await scene.PublishAsync(service, "rss");
        var joined = scene.Seqs("rss-news");
        await WaitForHealthAsync(service, hook => At(hook, joined[^1]));
        await scene.PublishAsync(service, "atom");
        var head = scene.HeadSeq();
        var hook = await WaitForHealthAsync(service, hook => At(hook, head));

        var deliveries = scene.Receiver.Deliveries;
        var changes = deliveries.SelectMany(d => d.Changes).ToList();
        Assert.That(scene.Seqs("atom-news"), Is.Not.Empty, "the other topic did change");
        Assert.That(deliveries.SelectMany(d => d.Seqs), Is.EqualTo(joined), "each change of the chosen topic once, in order");
        Assert.That(changes.Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("topic").GetString())), Has.All.EqualTo(("topic.joined", "rss-news")));
        Assert.That(changes.Select(c => c.GetProperty("item").GetProperty("title").GetString()), Is.EquivalentTo(RssTitles));
        Assert.That(changes.Select(c => c.GetProperty("item").GetProperty("feed").GetString()), Has.All.EqualTo("rss"));
        Assert.That(changes.Select(c => c.GetProperty("item").GetProperty("published").GetString()), Has.All.StartsWith("2024-03-0"));
        Assert.That(changes.Select(c => c.GetProperty("item").GetProperty("link").GetString()), Has.All.StartsWith("http"));
        foreach (var delivery in deliveries)
        {
            var first = delivery.Seqs.First();
            var last = delivery.Seqs.Last();
            Assert.That(delivery.Key, Is.EqualTo($"{HookName}:{first}-{last}"));
            Assert.That(delivery.Json.GetProperty("deliveryId").GetString(), Is.EqualTo(delivery.Key));
            Assert.That(delivery.Json.GetProperty("endpoint").GetString(), Is.EqualTo(HookName));
            Assert.That(delivery.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(delivery.SignedWith(Secret), Is.True, "the signature verifies with the endpoint's secret");
            Assert.That(delivery.SignedWith("another-secret-0123456789abcdef"), Is.False);
            Assert.That(DateTimeOffset.FromUnixTimeSeconds(long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(delivery.At).Within(TimeSpan.FromMinutes(1)));
        }

        Assert.That(hook.GetProperty("lastStatus").GetInt32(), Is.EqualTo(200));
        Assert.That(hook.GetProperty("failed").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(hook.GetProperty("url").GetString(), Is.EqualTo(scene.Receiver.Url.GetLeftPart(UriPartial.Authority)), "/health shows the origin only");
    }

    [Test]
    public async Task ReceiverFailingTwice_GetsTheSameKeyAndBodyUntilItAccepts_ThenTheRestInOrder()
    {
        await using var scene = await WebhookScene.StartAsync(answer: n => n <= 2 ? 500 : 200);
        await using var service = await scene.StartServiceAsync("--Webhooks:BatchSize=2");

        await scene.PublishAsync(service, "rss");
        var joined = scene.Seqs("rss-news");
        await WaitForHealthAsync(service, hook => At(hook, joined[^1]));

        var deliveries = scene.Receiver.Deliveries;
        var firstBatch = deliveries.Take(3).ToList();
        Assert.That(firstBatch.Select(d => d.Status), Is.EqualTo(new[] { 500, 500, 200 }));
        Assert.That(firstBatch.Select(d => d.Key).Distinct(), Is.EqualTo(new[] { $"{HookName}:{joined[0]}-{joined[1]}" }));
        Assert.That(firstBatch.Select(d => Convert.ToBase64String(d.Body)).Distinct().Count(), Is.EqualTo(1), "a redelivery sends the same body");
        Assert.That(firstBatch, Has.All.Matches<WebhookReceiver.Delivery>(d => d!.SignedWith(Secret)));
        Assert.That(scene.Receiver.Accepted.SelectMany(d => d.Seqs), Is.EqualTo(joined), "every change accepted once, in order");
        Assert.That(deliveries.Skip(3).Select(d => d.Status), Has.All.EqualTo(200));
    }

    [Test]
    public async Task RetryBudgetSpent_FailureShowsInHealth_AndLaterChangesStillArrive()
    {
        await using var scene = await WebhookScene.StartAsync(answer: n => n <= 2 ? 500 : 200);
        await using var service = await scene.StartServiceAsync("--Webhooks:BatchSize=2", "--Webhooks:MaxAttempts=2");

        await scene.PublishAsync(service, "rss");
        var joined = scene.Seqs("rss-news");
        var hook = await WaitForHealthAsync(service, hook => At(hook, joined[^1]));

        var failed = hook.GetProperty("failed");
        Assert.That((failed.GetProperty("firstSeq").GetInt64(), failed.GetProperty("lastSeq").GetInt64()), Is.EqualTo((joined[0], joined[1])));
        Assert.That(failed.GetProperty("error").GetString(), Does.StartWith("HTTP 500"));
        Assert.That(failed.GetProperty("at").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(scene.Receiver.Deliveries.Take(2).Select(d => (d.Key, d.Status)), Has.All.EqualTo(($"{HookName}:{joined[0]}-{joined[1]}", 500)));
        Assert.That(scene.Receiver.Accepted.SelectMany(d => d.Seqs), Is.EqualTo(joined.Skip(2)), "the batches after the failed one are delivered");
        Assert.That(hook.GetProperty("lastStatus").GetInt32(), Is.EqualTo(200));
        Assert.That(hook.GetProperty("pendingSeq").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
