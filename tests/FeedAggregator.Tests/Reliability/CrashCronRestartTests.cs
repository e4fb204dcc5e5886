using System.Net.Http.Json;
using System.Text.Json;
using FeedAggregator.Tests.Api;
using FeedAggregator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// A feed on a cron schedule that is due when the service starts (its planned poll passed while the service was down, or
/// a kill cut that poll short) is polled within <c>Polling:RestartSpread</c>, like a feed on an interval: not at its next
/// cron time, which for a daily or yearly cron is far away.
/// </summary>
public sealed class CrashCronRestartTests
{
    // Next due on 1 January 2099: whenever the test runs, only a refresh and the start-up rules can make it poll.
    private const string FarCron = "0 0 6 1 1 ? 2099";

    [Test]
    public async Task CronFeed_DueAtRestart_IsPolledAtOnce_NotAtItsNextCronTime()
    {
        await using var publisher = await FeedServer.StartAsync(app =>
            app.MapGet("/a", () => Results.Bytes(Repository.FixtureBytes("trafficking.rss.xml"), "application/rss+xml")));
        using var folder = new TempDirectory();
        folder.Write("feeds.json", $$"""{ "feeds": [ { "id": "yearly", "url": "{{publisher.Url("a")}}", "cron": "{{FarCron}}" } ] }""");
        File.Copy(Path.Combine(Repository.Root, "config", "topics.json"), folder.File("topics.json"));

        await using (var first = await ServiceUnderTest.StartAsync(folder, ApiClient.Keys()))
        {
            using var refresh = await first.SendAsync(HttpMethod.Post, "/api/feeds/yearly/refresh", ApiClient.AdminKey);
            var health = await PolledAsync(first, DateTimeOffset.MinValue);
            Assert.That(health.GetProperty("nextPollAt").GetDateTimeOffset().Year, Is.EqualTo(2099), "after a poll, the cron decides");
        }

        // The state a kill during the planned poll leaves, or the planned time passing while the service is down: the
        // status of the poll before, whose planned next poll is now in the past.
        await using (var connection = new SqliteConnection($"Data Source={folder.File("data/feedaggregator.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE feeds SET next_poll_at = '2026-01-01T06:00:00.000Z'";
            Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        var restarted = DateTimeOffset.UtcNow;
        await using var second = await ServiceUnderTest.StartAsync(folder);
        var again = await PolledAsync(second, restarted);
        Assert.That(again.GetProperty("nextPollAt").GetDateTimeOffset().Year, Is.EqualTo(2099), "after the poll, the cron decides again");
    }

    /// <summary>The feed's health once /health shows a poll started at or after <paramref name="since"/> (at most 30 s).</summary>
    private static async Task<JsonElement> PolledAsync(ServiceUnderTest service, DateTimeOffset since)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var health = await service.Http.GetFromJsonAsync<JsonElement>("/health");
            var feed = health.GetProperty("feeds")[0];
            if (feed.GetProperty("lastPollAt").ValueKind == JsonValueKind.String && feed.GetProperty("lastPollAt").GetDateTimeOffset() >= since)
            {
                return feed;
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"the cron feed was not polled within 30 s; /health said {feed}");
            }

            await Task.Delay(100);
        }
    }
}
