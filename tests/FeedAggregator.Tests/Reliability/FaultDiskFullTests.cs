using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The data folder on a disk that ingest fills (a 4 MiB tmpfs): the real service says so clearly in its log and in
/// /health, blames no feed, keeps serving what is stored, and writes again by itself once there is room, nothing lost.
/// </summary>
[NonParallelizable]
public sealed class FaultDiskFullTests
{
    [Test]
    public async Task DiskFills_WritesFailClearly_StoredItemsStillServed_WritesResumeWhenSpaceReturns()
    {
        var grow = new GrowingFeed("grow", step: 100, window: 400);
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/grow", () => Results.Text(grow.Next(), "application/rss+xml", Encoding.UTF8));
            app.MapGet("/steady", () => Results.Text(FaultFeeds.Rss("steady", 30), "application/rss+xml", Encoding.UTF8));
        });
        using var folder = new TempDirectory();
        using var disk = FaultDisk.Mount(folder.File("data"), "4m");
        FaultFeeds.WriteConfig(folder, [("steady", publisher.Url("steady")), ("grow", publisher.Url("grow"))]);
        var database = Path.Combine(disk.Path, "feedaggregator.db");

        using (var service = FaultService.Start(["run", .. FaultFeeds.Settings(folder), .. FaultFeeds.AdminKeySettings]))
        {
            await service.WaitListeningAsync();
            await service.WaitForHealthAsync(h => FaultFeeds.Succeeded(h) == 2, "the first polls");

            // Ingest fills the disk: each poll of the growing feed stores 100 new items of a few KiB each.
            var health = await service.HealthAsync();
            for (var polls = 0; Storage(health).GetProperty("writable").GetBoolean(); polls++)
            {
                Assert.That(polls, Is.LessThan(40), $"the disk never filled; {disk.Free} bytes free");
                await FaultFeeds.PollAsync(service, "grow");
                health = await service.HealthAsync();
            }

            var storedWhenFull = FaultStore.ItemsByFeed(database);
            // One more poll meets the full disk too; the feed still lists what the failed polls could not store.
            await FaultFeeds.PollAsync(service, "grow");
            health = await service.HealthAsync();
            var storage = Storage(health);
            var feed = Feed(health, "grow");
            TestContext.Out.WriteLine($"full after {grow.Served} items served, {storedWhenFull["grow"].Count} stored; /health storage: {storage}");
            using var topic = await service.Http.GetAsync($"/topics/{FaultFeeds.TopicId}.rss");
            var topicFeed = await topic.Content.ReadAsStringAsync();
            using var items = await service.Http.GetAsync("/api/items?feed=steady&limit=50");
            Assert.Multiple(async () =>
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("degraded"));
                Assert.That(storage.GetProperty("file").GetString(), Is.EqualTo(database));
                Assert.That(storage.GetProperty("fault").GetString(), Is.EqualTo("disk-full"));
                Assert.That(storage.GetProperty("lastError").GetString(), Does.StartWith("disk full (SQLITE_FULL"));
                Assert.That(storage.GetProperty("since").ValueKind, Is.EqualTo(JsonValueKind.String));
                Assert.That(storage.GetProperty("failedWrites").GetInt64(), Is.GreaterThanOrEqualTo(2));
                Assert.That(service.Output, Does.Contain($"The store {database} cannot be written: disk full (SQLITE_FULL"));
                Assert.That(service.CountLines("cannot be written"), Is.EqualTo(1), "one error line for the outage, not one per write");
                Assert.That(service.Output, Does.Contain("Poll of grow: its items could not be stored (disk full"));
                // The feed did nothing wrong: its health is its last stored poll's.
                Assert.That(feed.GetProperty("state").GetString(), Is.EqualTo("ok"));
                Assert.That(feed.GetProperty("lastErrorClass").ValueKind, Is.EqualTo(JsonValueKind.Null));
                Assert.That(FaultStore.ItemsByFeed(database)["grow"], Is.EquivalentTo(storedWhenFull["grow"]), "nothing half-stored");
                // What is stored is served.
                Assert.That((int)topic.StatusCode, Is.EqualTo(200));
                Assert.That(topicFeed, Does.Contain("about a trafficking ring</title>"));
                Assert.That((int)items.StatusCode, Is.EqualTo(200));
                Assert.That((await items.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength(), Is.EqualTo(30));
            });

            // Room again, with the service running: the next poll stores what the failed ones could not.
            disk.Remount("size=64m");
            await FaultFeeds.PollAsync(service, "grow");
            health = await service.HealthAsync();
            Assert.Multiple(() =>
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
                Assert.That(Storage(health).GetProperty("writable").GetBoolean(), Is.True);
                Assert.That(Storage(health).GetProperty("since").ValueKind, Is.EqualTo(JsonValueKind.Null));
                Assert.That(Storage(health).GetProperty("lastError").GetString(), Does.StartWith("disk full"), "the last error stays for the record");
                Assert.That(service.Output, Does.Contain($"The store {database} is writable again"));
                Assert.That(FaultStore.ItemsByFeed(database)["grow"], Is.EquivalentTo(grow.Identities), "every item the feed listed, each once");
                Assert.That(FaultStore.ItemsByFeed(database)["grow"], Is.SupersetOf(storedWhenFull["grow"]));
            });

            service.Terminate();
            Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, service.Output);
        }

        var (integrity, torn) = FaultStore.Audit(database);
        Assert.That(integrity, Is.EqualTo("ok"));
        Assert.That(torn, Is.Empty);
    }

    internal static JsonElement Storage(JsonElement health) => health.GetProperty("storage");

    internal static JsonElement Feed(JsonElement health, string id) =>
        health.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);
}
