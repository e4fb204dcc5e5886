using System.Security.Cryptography;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Storage;
using FeedAggregator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// A damaged or foreign file at the database path: the real service refuses to start (exit code 2) with a message naming
/// the file and what is wrong, and leaves the file byte for byte as it was, with nothing created beside it.
/// </summary>
[NonParallelizable]
public sealed class FaultStoreFileTests
{
    private const string DatabaseName = "feedaggregator.db";

    public enum Found
    {
        RandomBytes,
        TextFile,
        OtherApplicationsDatabase,
        OtherApplicationsId,
        LookalikeTables,
        NewerSchema,
        CutShort,
        FirstPageOverwritten,
    }

    [TestCase(Found.RandomBytes, "is not a SQLite database")]
    [TestCase(Found.TextFile, "is not a SQLite database")]
    [TestCase(Found.OtherApplicationsDatabase, "is a SQLite database of another application, not a FeedAggregator store (user_version 0, tables: notes, tags)")]
    [TestCase(Found.OtherApplicationsId, "is another application's SQLite database (application_id 1598903374 (0x5f4d544e)")]
    [TestCase(Found.LookalikeTables, "is a SQLite database of another application, not a FeedAggregator store (user_version 4, tables: feeds, items)")]
    [TestCase(Found.NewerSchema, "newer than this build knows")]
    [TestCase(Found.CutShort, "is damaged: it is")]
    [TestCase(Found.FirstPageOverwritten, "is not a SQLite database")]
    public async Task Start_WithSuchAFileAtTheDatabasePath_FailsNamingFileAndProblem_FileUntouched(Found found, string problem)
    {
        using var folder = new TempDirectory();
        var data = folder.File("data");
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, DatabaseName);
        await WriteAsync(found, database, folder);
        var before = File.ReadAllBytes(database);
        var beside = Directory.GetFiles(data).Order(StringComparer.Ordinal).ToList();
        FaultFeeds.WriteConfig(folder, []);

        using var service = FaultService.Start(["run", .. FaultFeeds.Settings(folder)]);
        var code = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), service.Output);
            Assert.That(service.Output, Does.Contain($"error: store {database} "));
            Assert.That(service.Output, Does.Contain(problem));
            Assert.That(service.Output, Does.Contain("The file was left as it was"));
            Assert.That(SHA256.HashData(File.ReadAllBytes(database)), Is.EqualTo(SHA256.HashData(before)), "the file's bytes");
            Assert.That(Directory.GetFiles(data).Order(StringComparer.Ordinal), Is.EqualTo(beside), "no -wal, -shm or -journal left beside it");
        });
    }

    [Test]
    public void Open_EmptyFileAtThePath_BecomesAStoreMarkedAsOurs()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("data"));
        File.WriteAllBytes(folder.File(Path.Combine("data", DatabaseName)), []);

        using var store = new TestStore(folder);

        Assert.That(store.Scalar("PRAGMA application_id"), Is.EqualTo(StoreFile.ApplicationId));
        Assert.That(store.Scalar("PRAGMA user_version"), Is.EqualTo(store.Database.SchemaVersion));
    }

    [Test]
    public async Task Open_StoreWrittenBeforeApplicationId_IsRecognisedByItsTables_AndMarked()
    {
        using var folder = new TempDirectory();
        using (var old = new TestStore(folder))
        {
            await old.Items.SaveAsync("feed", StoreItems.Batch(StoreItems.Item("a")));
        }

        var file = folder.File(Path.Combine("data", DatabaseName));
        Execute(file, "PRAGMA application_id = 0");
        SqliteConnection.ClearAllPools();

        using var store = new TestStore(folder);

        Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.EqualTo(1));
        Assert.That(store.Scalar("PRAGMA application_id"), Is.EqualTo(StoreFile.ApplicationId));
    }

    private static async Task WriteAsync(Found found, string database, TempDirectory folder)
    {
        switch (found)
        {
            case Found.RandomBytes:
                File.WriteAllBytes(database, RandomNumberGenerator.GetBytes(64 * 1024));
                break;
            case Found.TextFile:
                File.WriteAllText(database, "id,title\n1,not a database at all\n");
                break;
            case Found.OtherApplicationsDatabase:
                Execute(database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE tags (note INTEGER, tag TEXT); INSERT INTO notes (body) VALUES ('keep me');");
                break;
            case Found.OtherApplicationsId:
                Execute(database, "PRAGMA application_id = 1598903374; PRAGMA user_version = 3; CREATE TABLE feeds (id TEXT);");
                break;
            case Found.LookalikeTables:
                // Another feed reader's file: tables of the same names, other columns.
                Execute(database, "PRAGMA user_version = 4; CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT); CREATE TABLE items (id INTEGER PRIMARY KEY, feed INTEGER, title TEXT);");
                break;
            case Found.NewerSchema:
                await StoreWithItemsAsync(folder);
                Execute(database, $"PRAGMA user_version = {Migrations.Steps.Length + 1}");
                break;
            case Found.CutShort:
                await StoreWithItemsAsync(folder);
                var whole = File.ReadAllBytes(database);
                File.WriteAllBytes(database, whole[..(whole.Length / 2 / 4096 * 4096)]);
                break;
            case Found.FirstPageOverwritten:
                await StoreWithItemsAsync(folder);
                using (var stream = new FileStream(database, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(RandomNumberGenerator.GetBytes(4096));
                }

                break;
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>A real store of a few hundred items, closed (its -wal folded in and removed) as a stopped service leaves it.</summary>
    private static async Task StoreWithItemsAsync(TempDirectory folder)
    {
        using var store = new TestStore(folder);
        for (var poll = 0; poll < 4; poll++)
        {
            await store.Items.SaveAsync($"feed-{poll}", StoreItems.Batch([.. Enumerable.Range(0, 100).Select(i => StoreItems.Item($"{poll}-{i}", summary: new string('s', 500)))]));
        }
    }

    private static void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
