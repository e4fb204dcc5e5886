using System.Text.Json;
using FeedAggregator.Tests.Support;
using Quartz;

namespace FeedAggregator.Tests.EndToEnd;

/// <summary>The real host polling on its own schedule: what a poll learns reaches the feed's Quartz trigger and /health.</summary>
public sealed class SchedulingTests
{
    [Test]
    public async Task RetryAfterAndFailures_RescheduleTheFeedsTrigger_AndHealthSaysWhy()
    {
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/limited", (HttpContext http) =>
            {
                http.Response.Headers.RetryAfter = "7200";
                return Results.StatusCode(429);
            });
            app.MapGet("/gone", () => Results.StatusCode(410));
            app.MapGet("/fine", () => Results.Bytes(Repository.FixtureBytes("trafficking.rss.xml"), "application/rss+xml"));
        });
        using var folder = new TempDirectory();
        folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "limited", "url": "{{publisher.Url("limited")}}", "interval": "00:01:00" },
              { "id": "gone", "url": "{{publisher.Url("gone")}}", "interval": "00:01:00" },
              { "id": "fine", "url": "{{publisher.Url("fine")}}", "interval": "00:05:00" }
            ] }
            """);
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));
        await using var service = await ServiceUnderTest.StartAsync(folder);

        var health = await service.WaitForPollsAsync("limited", "gone", "fine");
        var scheduler = await service.Service<ISchedulerFactory>().GetScheduler();
        async Task<DateTimeOffset?> NextFire(string id)
        {
            // The trigger is replaced just after the poll is recorded; give it a moment.
            for (var i = 0; i < 100; i++)
            {
                var trigger = await scheduler.GetTrigger(new TriggerKey(id, "feeds"));
                if (trigger?.NextFireTimeUtc > DateTimeOffset.UtcNow.AddMinutes(2))
                {
                    return trigger.NextFireTimeUtc;
                }

                await Task.Delay(50);
            }

            return (await scheduler.GetTrigger(new TriggerKey(id, "feeds")))?.NextFireTimeUtc;
        }

        var feeds = health.GetProperty("feeds").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        var now = DateTimeOffset.UtcNow;
        Assert.Multiple(async () =>
        {
            Assert.That(await NextFire("limited"), Is.EqualTo(now.AddHours(2)).Within(TimeSpan.FromSeconds(30)));
            Assert.That(await NextFire("gone"), Is.EqualTo(now.AddDays(1)).Within(TimeSpan.FromSeconds(30)));
            Assert.That(await NextFire("fine"), Is.EqualTo(now.AddMinutes(5)).Within(TimeSpan.FromSeconds(30)));
            Assert.That(feeds["limited"].GetProperty("state").GetString(), Is.EqualTo("failing"));
            Assert.That(feeds["limited"].GetProperty("lastErrorClass").GetString(), Is.EqualTo("rate-limited"));
            Assert.That(feeds["gone"].GetProperty("state").GetString(), Is.EqualTo("gone"));
            Assert.That(feeds["fine"].GetProperty("state").GetString(), Is.EqualTo("ok"));
            Assert.That(feeds["fine"].GetProperty("lastResult").GetString(), Is.EqualTo("changed"));
            Assert.That(feeds["fine"].GetProperty("effectiveUrl").GetString(), Is.EqualTo(publisher.Url("fine").ToString()));
            Assert.That(feeds["fine"].GetProperty("nextPollAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        });
        Assert.That(publisher.Hits("/limited"), Is.EqualTo(1), "429 is not retried within the poll");
    }
}
