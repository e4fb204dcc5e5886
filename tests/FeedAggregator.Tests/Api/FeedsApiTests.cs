using System.Net;
using System.Text.Json;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;
using Quartz;

namespace FeedAggregator.Tests.Api;

/// <summary>/api/feeds on the real host: configuration and health of each feed, and a refresh that really polls.</summary>
public sealed class FeedsApiTests
{
    // Never due in a test's lifetime: only a refresh polls this feed.
    private const string FarCron = "0 0 0 1 1 ? 2099";

    private static async Task<ServiceUnderTest> StartAsync(TempDirectory folder, FeedServer publisher, params string[] extra)
    {
        folder.Write("feeds.json", $$"""
            { "feeds": [
              { "id": "fixture-rss", "url": "{{publisher.Url("news/rss")}}", "title": "RSS fixture", "language": "en",
                "interval": "01:00:00", "tags": ["news", "en"] },
              { "id": "by-cron", "url": "{{publisher.Url("news/atom")}}", "cron": "{{FarCron}}" },
              { "id": "switched-off", "url": "{{publisher.Url("news/down")}}", "enabled": false }
            ] }
            """);
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));
        return await ServiceUnderTest.StartAsync(folder, [.. ApiClient.Keys(), .. extra]);
    }

    [Test]
    public async Task List_GivesEveryFeedsConfigurationAndHealth()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, publisher);
        await service.WaitForPollsAsync("fixture-rss");

        using var response = await service.SendAsync(HttpMethod.Get, "/api/feeds");
        var feeds = (await response.JsonAsync()).EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(feeds.Keys, Is.EqualTo(new[] { "fixture-rss", "by-cron", "switched-off" }));
        var rss = feeds["fixture-rss"];
        Assert.That(rss.GetProperty("url").GetString(), Is.EqualTo(publisher.Url("news/rss").ToString()));
        Assert.That(rss.GetProperty("title").GetString(), Is.EqualTo("RSS fixture"));
        Assert.That(rss.GetProperty("language").GetString(), Is.EqualTo("en"));
        Assert.That(rss.GetProperty("interval").GetString(), Is.EqualTo("01:00:00"));
        Assert.That(rss.GetProperty("cron").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(rss.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "news", "en" }));
        Assert.That(rss.GetProperty("enabled").GetBoolean(), Is.True);
        Assert.That(rss.GetProperty("sample").GetBoolean(), Is.False);
        Assert.That(rss.GetProperty("health").GetProperty("state").GetString(), Is.EqualTo("ok"));
        Assert.That(rss.GetProperty("health").GetProperty("itemsAddedLastPoll").GetInt32(), Is.EqualTo(4));
        Assert.That(feeds["by-cron"].GetProperty("cron").GetString(), Is.EqualTo(FarCron));
        Assert.That(feeds["by-cron"].GetProperty("interval").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(feeds["by-cron"].GetProperty("health").GetProperty("state").GetString(), Is.EqualTo("pending"));
        Assert.That(feeds["switched-off"].GetProperty("enabled").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Get_OneFeed_OrProblem404ForAnUnknownOne()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, publisher);

        using var known = await service.SendAsync(HttpMethod.Get, "/api/feeds/by-cron");
        using var unknown = await service.SendAsync(HttpMethod.Get, "/api/feeds/no-such-feed");

        Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await known.JsonAsync()).GetProperty("cron").GetString(), Is.EqualTo(FarCron));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await unknown.JsonAsync()).GetProperty("detail").GetString(), Does.Contain("'no-such-feed'"));
    }

    [Test]
    public async Task Refresh_PollsTheFeedNow_AndItsScheduleResumes()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        var log = folder.File("service.log");
        await using var service = await StartAsync(folder, publisher,
            "--Serilog:Using:0=Serilog.Sinks.File", "--Serilog:WriteTo:0:Name=File", $"--Serilog:WriteTo:0:Args:path={log}");
        await service.WaitForPollsAsync("fixture-rss");
        var hits = publisher.Hits("/news/rss");
        Assert.That(publisher.Hits("/news/atom"), Is.Zero, "the cron feed is not due before 2099");

        using var interval = await service.SendAsync(HttpMethod.Post, "/api/feeds/fixture-rss/refresh", ApiClient.AdminKey);
        using var cron = await service.SendAsync(HttpMethod.Post, "/api/feeds/by-cron/refresh", ApiClient.AdminKey);

        Assert.That(interval.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(interval.Headers.Location?.ToString(), Is.EqualTo("/api/feeds/fixture-rss"));
        Assert.That((await interval.JsonAsync()).GetProperty("id").GetString(), Is.EqualTo("fixture-rss"));
        Assert.That(cron.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await service.WaitForPollsAsync("by-cron");
        var scheduler = await service.Service<ISchedulerFactory>().GetScheduler();
        await Until(async () => publisher.Hits("/news/rss") > hits
            && await scheduler.GetTrigger(new TriggerKey("by-cron", "feeds")) is ICronTrigger
            && (await scheduler.GetTrigger(new TriggerKey("fixture-rss", "feeds")))?.NextFireTimeUtc > DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.That(publisher.Hits("/news/atom"), Is.EqualTo(1));
        using var health = await service.SendAsync(HttpMethod.Get, "/api/feeds/by-cron");
        Assert.That((await health.JsonAsync()).GetProperty("health").GetProperty("state").GetString(), Is.EqualTo("ok"));
        Assert.That((await scheduler.GetTrigger(new TriggerKey("by-cron", "feeds")))?.NextFireTimeUtc?.Year, Is.EqualTo(2099),
            "after the poll the cron feed is back on its own schedule");
        // A poll fired by a second, one-off trigger fails to reschedule the feed's own trigger, and says so here.
        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.That((await reader.ReadToEndAsync()).Split('\n').Where(line => line.Contains("[ERR]", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Refresh_AskedForWhileAPollRuns_RunsWhenThatPollEnds()
    {
        // The second poll is held at the publisher until the test lets it go; a refresh asked for meanwhile must not be
        // overwritten by that poll's rescheduling to the feed's hourly interval.
        var requests = 0;
        using var pollHeld = new SemaphoreSlim(0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var publisher = await FeedServer.StartAsync(app => app.MapGet("/slow", async () =>
        {
            if (Interlocked.Increment(ref requests) == 2)
            {
                pollHeld.Release();
                await release.Task;
            }

            return Results.Text("""<rss version="2.0"><channel><title>Slow</title><item><guid>a</guid><title>Human trafficking</title></item></channel></rss>""",
                "application/rss+xml");
        }));
        using var folder = new TempDirectory();
        folder.Write("feeds.json", $$"""{ "feeds": [ { "id": "slow", "url": "{{publisher.Url("slow")}}", "interval": "01:00:00" } ] }""");
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));
        await using var service = await ServiceUnderTest.StartAsync(folder, ApiClient.Keys());
        await service.WaitForPollsAsync("slow");

        using (var first = await service.SendAsync(HttpMethod.Post, "/api/feeds/slow/refresh", ApiClient.AdminKey))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        Assert.That(await pollHeld.WaitAsync(TimeSpan.FromSeconds(30)), Is.True, "the asked-for poll reached the publisher");
        using (var during = await service.SendAsync(HttpMethod.Post, "/api/feeds/slow/refresh", ApiClient.AdminKey))
        {
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        release.SetResult();
        await Until(() => Task.FromResult(Volatile.Read(ref requests) >= 3));
        var scheduler = await service.Service<ISchedulerFactory>().GetScheduler();
        await Until(async () => (await scheduler.GetTrigger(new TriggerKey("slow", "feeds")))?.NextFireTimeUtc > DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.That(Volatile.Read(ref requests), Is.EqualTo(3), "each refresh polled once, and the hourly schedule resumed");
    }

    [Test]
    public async Task Refresh_UnknownOrDisabledFeed_Is404Or409Problem()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await StartAsync(folder, publisher);

        using var unknown = await service.SendAsync(HttpMethod.Post, "/api/feeds/no-such-feed/refresh", ApiClient.AdminKey);
        using var disabled = await service.SendAsync(HttpMethod.Post, "/api/feeds/switched-off/refresh", ApiClient.AdminKey);

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(disabled.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await disabled.JsonAsync()).GetProperty("detail").GetString(), Does.Contain("disabled"));
        Assert.That(publisher.Hits("/news/down"), Is.Zero);
    }

    private static async Task Until(Func<Task<bool>> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await done())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
