using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using Microsoft.Data.Sqlite;
using static FeedAggregator.Tests.Storage.StoreItems;

namespace FeedAggregator.Tests.Storage;

public sealed class SchemaTests
{
    /// <summary>The last schema version before search, changes and views (steps 1 to 5).</summary>
    private const int SearchlessVersion = 5;

    private static SqliteConnection ReadOnly(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }

        return values;
    }

    [Test]
    public async Task Open_FileOfTheSearchlessSchema_MigratesAndIndexesItsItems()
    {
        using var folder = new TempDirectory();
        var file = folder.File("data/feedaggregator.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using (var old = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = string.Join('\n', Migrations.Steps.Take(SearchlessVersion)) + $$"""
                PRAGMA user_version = {{SearchlessVersion}};
                INSERT INTO items (uid, feed_id, identity, title, summary, first_seen_at, sort_at, content_hash, data)
                VALUES ('u1', 'f', 'i1', 'Ёлка в Кремле', 'Праздник', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'h',
                        '{"content":[{"type":"text/html","value":"<p>The <b>orchestra</b> played</p>"}]}'),
                       ('u2', 'f', 'i2', 'Plain', 'Same text', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 'h',
                        '{"content":[{"type":"text","value":"Same text"}]}');
                """;
            command.ExecuteNonQuery();
        }

        using var store = new TestStore(folder);
        var orchestra = await store.Queries.ListAsync(new ItemFilter { Query = "orchestra" }, 10);
        var tree = await store.Queries.ListAsync(new ItemFilter { Query = "елка" }, 10);

        Assert.That(store.Scalar("PRAGMA user_version"), Is.EqualTo(Migrations.Steps.Length));
        Assert.That(orchestra.Items.Select(i => i.Item.Uid), Is.EqualTo(new[] { "u1" }));
        Assert.That(tree.Items.Select(i => i.Item.Uid), Is.EqualTo(new[] { "u1" }));
        Assert.That(store.Scalar("SELECT count(*) FROM items_fts"), Is.EqualTo(2));
        Assert.That(store.Scalar("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'content : same'"), Is.Zero, "content equal to the summary is not indexed twice");
    }

    [Test]
    public async Task Views_ReadFromAReadOnlyConnection_WhileTheWriterWrites()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        await store.Items.SaveAsync("feed", [In(Item("a", "Before"), "t")]);
        await store.Statuses.RecordAsync(new PollOutcome("feed", "https://example.org/feed", "Feed", Day, 200, null, null, 1, Day.AddHours(1)));

        using var reader = ReadOnly(store.Database.FilePath);
        var during = await store.Database.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "UPDATE items SET title = 'During'";
            insert.ExecuteNonQuery();
            return Column(reader, "SELECT title FROM v_items");
        });
        var after = Column(reader, "SELECT title FROM v_items");

        Assert.That(during, Is.EqualTo(new[] { "Before" }), "the reader is neither blocked nor shown uncommitted rows");
        Assert.That(after, Is.EqualTo(new[] { "During" }));
        Assert.That(Column(reader, "SELECT topic_id || ' ' || item_uid FROM v_topic_items"), Is.EqualTo(new[] { $"t {ItemStore.ItemUid("feed", "a")}" }));
        Assert.That(Column(reader, "SELECT feed_id || ' ' || state || ' ' || consecutive_failures FROM v_feeds"), Is.EqualTo(new[] { "feed ok 0" }));
        Assert.That(Column(reader, "SELECT kind FROM v_changes ORDER BY seq"), Is.EqualTo(new[] { ChangeKinds.ItemAdded, ChangeKinds.TopicJoined }));
        Assert.That(Column(reader, "PRAGMA user_version"), Is.EqualTo(new[] { store.Database.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Test]
    public void Views_HaveTheColumnsDocumented()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        store.Database.OpenRead().Dispose();
        using var reader = ReadOnly(store.Database.FilePath);
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "store.md"));

        var missing = new[] { "v_items", "v_topic_items", "v_feeds", "v_changes" }
            .SelectMany(view => Column(reader, $"SELECT name FROM pragma_table_info('{view}')").Select(column => $"{view}.{column}"))
            .Where(column => !docs.Contains($"`{column.Split('.')[1]}`", StringComparison.Ordinal) || !docs.Contains($"`{column.Split('.')[0]}`", StringComparison.Ordinal));

        Assert.That(missing, Is.Empty);
    }
}
