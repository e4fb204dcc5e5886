using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The store on a read-only file system: the real service starts, says so in its log and /health, serves what is
/// stored, and writes again by itself once the file system is remounted read-write.
/// </summary>
/// <remarks>
/// Linux refuses to remount a file system read-only while a process has a file on it open for writing ("mount point is
/// busy"), and a running service always has its store open so; the test therefore stops the service, remounts, and
/// starts it again on the read-only store. Remounting read-write under the running service is then allowed, because a
/// service on a read-only store has opened nothing for writing.
/// </remarks>
[NonParallelizable]
public sealed class FaultReadOnlyTests
{
    [Test]
    public async Task StoreOnReadOnlyDisk_ServiceStartsAndServesWhatIsStored_WritesResumeWhenRemountedReadWrite()
    {
        var grow = new GrowingFeed("grow", step: 20, window: 100);
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/grow", () => Results.Text(grow.Next(), "application/rss+xml", Encoding.UTF8));
            app.MapGet("/steady", () => Results.Text(FaultFeeds.Rss("steady", 30), "application/rss+xml", Encoding.UTF8));
            app.MapPost("/hook", () => Results.Ok());
        });
        using var folder = new TempDirectory();
        using var disk = FaultDisk.Mount(folder.File("data"), "64m");
        FaultFeeds.WriteConfig(folder, [("steady", publisher.Url("steady")), ("grow", publisher.Url("grow"))]);
        var database = Path.Combine(disk.Path, "feedaggregator.db");
        // A webhook too: its start-up write must not keep the service from starting on the read-only store.
        string[] settings =
        [
            "run", .. FaultFeeds.Settings(folder), .. FaultFeeds.AdminKeySettings,
            "--Webhooks:Endpoints:0:Name=hook", $"--Webhooks:Endpoints:0:Url={publisher.Url("hook")}",
            "--Webhooks:Endpoints:0:Secret=fault-hook-secret-0123456789", $"--Webhooks:Endpoints:0:Topics:0={FaultFeeds.TopicId}",
        ];

        using (var service = FaultService.Start(settings))
        {
            await service.WaitListeningAsync();
            await service.WaitForHealthAsync(h => FaultFeeds.Succeeded(h) == 2, "the first polls");
            service.Terminate();
            Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, service.Output);
        }

        var stored = FaultStore.ItemsByFeed(database);
        var bytes = File.ReadAllBytes(database);
        var hooks = publisher.Hits("/hook");
        disk.Remount("ro");

        using (var service = FaultService.Start(settings))
        {
            await service.WaitListeningAsync();
            // A poll meets the read-only store; the feed lists new items that wait for it.
            await FaultFeeds.PollAsync(service, "grow");
            var health = await service.HealthAsync();
            var storage = FaultDiskFullTests.Storage(health);
            using var topic = await service.Http.GetAsync($"/topics/{FaultFeeds.TopicId}.json");
            var topicFeed = await topic.Content.ReadFromJsonAsync<JsonElement>();
            var items = await service.Http.GetFromJsonAsync<JsonElement>("/api/items?limit=500");
            var search = await service.Http.GetFromJsonAsync<JsonElement>("/api/items?q=trafficking&limit=500");
            TestContext.Out.WriteLine($"/health storage on the read-only store: {storage}");
            Assert.Multiple(() =>
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("degraded"));
                Assert.That(storage.GetProperty("writable").GetBoolean(), Is.False);
                Assert.That(storage.GetProperty("fault").GetString(), Is.EqualTo("read-only"));
                Assert.That(storage.GetProperty("lastError").GetString(), Does.StartWith("read-only"));
                Assert.That(service.Output, Does.Contain($"The store {database} cannot be written: read-only"));
                Assert.That(service.Output, Does.Contain("Poll of grow: its items could not be stored (read-only"));
                Assert.That(FaultDiskFullTests.Feed(health, "grow").GetProperty("state").GetString(), Is.EqualTo("ok"), "not the feed's fault");
                Assert.That((int)topic.StatusCode, Is.EqualTo(200));
                Assert.That(topicFeed.GetProperty("items").GetArrayLength(), Is.GreaterThan(0));
                Assert.That(items.GetProperty("items").GetArrayLength(), Is.EqualTo(stored.Values.Sum(s => s.Count)), "every stored item listed");
                Assert.That(search.GetProperty("items").GetArrayLength(), Is.GreaterThan(0), "full-text search reads the index");
                Assert.That(File.ReadAllBytes(database), Is.EqualTo(bytes), "nothing could change the file");
                Assert.That(publisher.Hits("/hook"), Is.EqualTo(hooks), "nothing new to deliver");
                Assert.That(service.Output, Does.Contain("Webhooks start delivering once the store takes writes again"));
            });

            // A topic added meanwhile is evaluated over the stored items once the store can take its rows.
            folder.Write("topics.json", $$"""
                { "topics": [ { "id": "{{FaultFeeds.TopicId}}", "title": "Trafficking", "query": "trafficking" },
                              { "id": "harbour", "title": "Harbour", "query": "harbour" } ] }
                """);
            using (var reload = new HttpRequestMessage(HttpMethod.Post, "/api/config/reload"))
            {
                reload.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FaultFeeds.AdminKey);
                using var reloaded = await service.Http.SendAsync(reload);
                Assert.That((int)reloaded.StatusCode, Is.EqualTo(200), await reloaded.Content.ReadAsStringAsync());
            }

            await service.WaitForOutputAsync("Re-evaluating topics waits for the store to take writes again");

            disk.Remount("rw");
            await FaultFeeds.PollAsync(service, "grow");
            await service.WaitForOutputAsync("Re-evaluated topics [\"harbour\"] over");
            var harbour = await service.Http.GetFromJsonAsync<JsonElement>("/api/items?topic=harbour&limit=500");
            health = await service.HealthAsync();
            var after = await service.Http.GetFromJsonAsync<JsonElement>("/api/items?feed=grow&limit=500");
            Assert.Multiple(() =>
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
                Assert.That(FaultDiskFullTests.Storage(health).GetProperty("writable").GetBoolean(), Is.True);
                Assert.That(service.Output, Does.Contain($"The store {database} is writable again"));
                // Readers see the new writes at once (they no longer read the file as it was).
                Assert.That(after.GetProperty("items").GetArrayLength(), Is.EqualTo(grow.Served));
                Assert.That(FaultStore.ItemsByFeed(database)["grow"], Is.EquivalentTo(grow.Identities), "every item the feed listed, each once");
                Assert.That(FaultStore.ItemsByFeed(database)["steady"], Is.EquivalentTo(stored["steady"]));
                Assert.That(harbour.GetProperty("items").GetArrayLength(), Is.EqualTo(30 + grow.Served), "the new topic over every stored item");
            });

            // The webhook delivers what joined the topic once the store took it.
            await service.WaitForHealthAsync(
                h => h.GetProperty("webhooks")[0].GetProperty("lastDeliveredAt").ValueKind == JsonValueKind.String && publisher.Hits("/hook") > hooks,
                "the webhook's delivery of the new items");

            service.Terminate();
            Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, service.Output);
        }

        var (integrity, torn) = FaultStore.Audit(database);
        Assert.That(integrity, Is.EqualTo("ok"));
        Assert.That(torn, Is.Empty);
    }

    [Test]
    public async Task PollOnce_OnAReadOnlyStore_FailsNamingTheStore_FileUntouched()
    {
        await using var publisher = await FeedServer.StartAsync(app =>
            app.MapGet("/steady", () => Results.Text(FaultFeeds.Rss("steady", 30), "application/rss+xml", Encoding.UTF8)));
        using var folder = new TempDirectory();
        using var disk = FaultDisk.Mount(folder.File("data"), "16m");
        FaultFeeds.WriteConfig(folder, [("steady", publisher.Url("steady"))]);
        var database = Path.Combine(disk.Path, "feedaggregator.db");
        using (var store = new TestStore(folder))
        {
            Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.Zero);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(database);
        disk.Remount("ro");

        using var once = FaultService.Start(["poll-once", .. FaultFeeds.Settings(folder)]);
        var code = await once.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), once.Output);
            Assert.That(once.Output, Does.Contain("polled steady: store (0 new)"));
            Assert.That(once.Output, Does.Contain($"error: store {database} cannot be written: read-only"));
            Assert.That(File.ReadAllBytes(database), Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Start_WithNoStoreOnAReadOnlyDisk_FailsNamingTheFile()
    {
        using var folder = new TempDirectory();
        using var disk = FaultDisk.Mount(folder.File("data"), "1m");
        disk.Remount("ro");
        FaultFeeds.WriteConfig(folder, []);

        using var service = FaultService.Start(["run", .. FaultFeeds.Settings(folder)]);
        var code = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.That(code, Is.EqualTo(2), service.Output);
        Assert.That(service.Output, Does.Contain($"error: store {Path.Combine(disk.Path, "feedaggregator.db")} cannot be created: "));
    }

    /// <summary>
    /// The disk turns read-only under the running service, as ext4 mounted <c>errors=remount-ro</c> does after a disk
    /// error. Linux keeps it read-only until it is unmounted and checked, so writes resume after a restart on the
    /// repaired file system; until then the service says why and serves what it has.
    /// </summary>
    [Test]
    public async Task DiskTurnsReadOnlyUnderTheService_ClearError_ServesWhatIsStored_AllThereAfterRepairAndRestart()
    {
        var grow = new GrowingFeed("grow", step: 20, window: 100);
        await using var publisher = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/grow", () => Results.Text(grow.Next(), "application/rss+xml", Encoding.UTF8));
            app.MapGet("/steady", () => Results.Text(FaultFeeds.Rss("steady", 30), "application/rss+xml", Encoding.UTF8));
        });
        using var folder = new TempDirectory();
        using var disk = FaultDisk.MountExt4(folder.File("data"), folder.File("disk.img"), megabytes: 32);
        FaultFeeds.WriteConfig(folder, [("steady", publisher.Url("steady")), ("grow", publisher.Url("grow"))]);
        var database = Path.Combine(disk.Path, "feedaggregator.db");
        string[] settings = ["run", .. FaultFeeds.Settings(folder), .. FaultFeeds.AdminKeySettings];

        int storedBefore;
        using (var service = FaultService.Start(settings))
        {
            await service.WaitListeningAsync();
            await service.WaitForHealthAsync(h => FaultFeeds.Succeeded(h) == 2, "the first polls");
            await FaultFeeds.PollAsync(service, "grow");
            storedBefore = (await service.Http.GetFromJsonAsync<JsonElement>("/api/items?limit=500")).GetProperty("items").GetArrayLength();

            disk.FailExt4();
            await FaultFeeds.PollAsync(service, "grow");
            await FaultFeeds.PollAsync(service, "grow");
            var health = await service.HealthAsync();
            var storage = FaultDiskFullTests.Storage(health);
            using var topic = await service.Http.GetAsync($"/topics/{FaultFeeds.TopicId}.atom");
            var items = await service.Http.GetFromJsonAsync<JsonElement>("/api/items?limit=500");
            TestContext.Out.WriteLine($"/health storage after the disk error: {storage}");
            Assert.Multiple(() =>
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("degraded"));
                Assert.That(storage.GetProperty("writable").GetBoolean(), Is.False);
                Assert.That(storage.GetProperty("fault").GetString(), Is.AnyOf("read-only", "io-error"));
                Assert.That(service.Output, Does.Contain($"The store {database} cannot be written: "));
                Assert.That(FaultDiskFullTests.Feed(health, "grow").GetProperty("state").GetString(), Is.EqualTo("ok"), "not the feed's fault");
                Assert.That((int)topic.StatusCode, Is.EqualTo(200));
                Assert.That(items.GetProperty("items").GetArrayLength(), Is.EqualTo(storedBefore), "what is stored is served");
            });

            service.Terminate();
            Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.Zero, service.Output);
        }

        disk.RepairExt4();
        using (var service = FaultService.Start(settings))
        {
            await service.WaitListeningAsync();
            await FaultFeeds.PollAsync(service, "grow");
            var health = await service.HealthAsync();
            Assert.Multiple(() =>
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"), service.Output);
                Assert.That(FaultStore.ItemsByFeed(database)["grow"], Is.EquivalentTo(grow.Identities), "every item the feed listed, each once");
                Assert.That(FaultStore.ItemsByFeed(database)["steady"], Has.Count.EqualTo(30));
            });

            service.Terminate();
            Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.Zero, service.Output);
        }

        var (integrity, torn) = FaultStore.Audit(database);
        Assert.That(integrity, Is.EqualTo("ok"));
        Assert.That(torn, Is.Empty);
    }
}
