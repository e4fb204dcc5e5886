using FeedAggregator.Tests.Support;
using static FeedAggregator.Tests.Webhooks.WebhookScene;

namespace FeedAggregator.Tests.Webhooks;

/// <summary>What outlives the process: a pending batch, its retry schedule and the endpoint's position; and what never reaches the log.</summary>
public sealed class WebhookRestartTests
{
    [Test]
    public async Task Restart_WhileABatchWaitsToBeRetried_DeliversItOnScheduleOnceAndInOrder()
    {
        var accepting = false;
        await using var scene = await WebhookScene.StartAsync(answer: _ => Volatile.Read(ref accepting) ? 200 : 500);
        string[] settings = ["--Webhooks:BatchSize=2", "--Webhooks:InitialDelay=00:00:03"];
        DateTimeOffset nextAttempt;
        long[] joined;
        await using (var first = await scene.StartServiceAsync(settings))
        {
            await scene.PublishAsync(first, "rss");
            joined = scene.Seqs("rss-news");
            var waiting = await WaitForHealthAsync(first, hook => hook.GetProperty("attempts").GetInt32() == 1);
            nextAttempt = waiting.GetProperty("nextAttemptAt").GetDateTimeOffset();
            Assert.That(waiting.GetProperty("pendingSeq").GetInt64(), Is.EqualTo(joined[0]));
            Assert.That(waiting.GetProperty("lastStatus").GetInt32(), Is.EqualTo(500));
        }

        Volatile.Write(ref accepting, true);
        await using var second = await scene.StartServiceAsync(settings);
        await WaitForHealthAsync(second, hook => At(hook, joined[^1]));

        var deliveries = scene.Receiver.Deliveries;
        var accepted = scene.Receiver.Accepted;
        Assert.That(deliveries[0].Status, Is.EqualTo(500));
        Assert.That(accepted[0].Key, Is.EqualTo(deliveries[0].Key), "the batch pending at the restart comes first");
        Assert.That(accepted[0].Body, Is.EqualTo(deliveries[0].Body), "with the body made before the restart");
        Assert.That(accepted[0].At, Is.GreaterThanOrEqualTo(nextAttempt.AddMilliseconds(-50)), "the stored schedule is kept across the restart");
        Assert.That(accepted.SelectMany(d => d.Seqs), Is.EqualTo(joined), "every change accepted once, in order");
        Assert.That(accepted.Select(d => d.Key), Is.Unique);
    }

    [Test]
    public async Task Log_NamesTheEndpointButNeverHoldsTheSecret()
    {
        await using var scene = await WebhookScene.StartAsync(answer: n => n == 1 ? 500 : 200);
        var log = scene.Folder.File("service.log");
        await using (var service = await scene.StartServiceAsync(
            "--Serilog:Using:0=Serilog.Sinks.File",
            "--Serilog:MinimumLevel:Default=Verbose",
            "--Serilog:WriteTo:0:Name=File",
            $"--Serilog:WriteTo:0:Args:path={log}"))
        {
            await scene.PublishAsync(service, "rss");
            var joined = scene.Seqs("rss-news");
            await WaitForHealthAsync(service, hook => At(hook, joined[^1]));
        }

        // The host is stopped, so the file sink has written everything.
        var text = await File.ReadAllTextAsync(log);

        Assert.That(text, Does.Contain($"Webhook {HookName} attempt 1 of 8 at {HookName}:"));
        Assert.That(text, Does.Contain("failed: HTTP 500"));
        Assert.That(text, Does.Contain($"Webhook {HookName} delivered {HookName}:"));
        Assert.That(text, Does.Not.Contain(Secret));
    }

    [Test]
    public async Task Host_BadWebhookSetting_RefusesToStart_NamingTheSettingNotTheSecret()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """{ "feeds": [] }""");
        folder.Write("topics.json", """{ "topics": [] }""");
        await using var app = AggregatorHost.Build(ServiceUnderTest.Args(folder,
            "--Webhooks:Endpoints:0:Name=hook",
            "--Webhooks:Endpoints:0:Url=ftp://example.org/hook",
            "--Webhooks:Endpoints:0:Secret=short-secret",
            "--Webhooks:Endpoints:0:Topics:0=news"));

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.That(error!.Message, Does.Contain("Webhooks:Endpoints:0:Url: must be an absolute http or https URL"));
        Assert.That(error.Message, Does.Contain("Webhooks:Endpoints:0:Secret: must be 16 to 512 characters long"));
        Assert.That(error.Message, Does.Not.Contain("short-secret"));
    }
}
