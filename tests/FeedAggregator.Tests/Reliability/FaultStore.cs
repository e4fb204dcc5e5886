using System.Globalization;
using FeedAggregator.Storage;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Reads a store file after a fault, read-only, with the service stopped: is the file sound, and is every poll in it
/// whole (each item with its search row, its change rows and its topic rows, as one transaction writes them)?
/// </summary>
internal static class FaultStore
{
    /// <summary>
    /// What <c>PRAGMA integrity_check</c> says ("ok" when sound), and the rows a half-written poll would leave: items
    /// without a search row, without their <c>item.added</c> change, or in a topic without its <c>topic.joined</c>
    /// change; and search rows or changes of items that are not there.
    /// </summary>
    public static (string Integrity, IReadOnlyList<string> Torn) Audit(string databaseFile)
    {
        using var connection = Open(databaseFile);
        var integrity = string.Join("; ", Strings(connection, "PRAGMA integrity_check"));
        var torn = new List<string>();
        void Check(string what, string sql)
        {
            var count = Count(connection, sql);
            if (count > 0)
            {
                torn.Add($"{count} {what}");
            }
        }

        Check("item(s) without a search row", "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM items_fts f WHERE f.rowid = i.id)");
        Check("search row(s) without an item", "SELECT count(*) FROM items_fts f WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = f.rowid)");
        Check("item(s) without an item.added change",
            "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.item_id = i.id AND c.kind = 'item.added')");
        Check("item.added change(s) without an item",
            "SELECT count(*) FROM changes c WHERE c.kind = 'item.added' AND NOT EXISTS (SELECT 1 FROM items i WHERE i.id = c.item_id)");
        Check("topic row(s) without a topic.joined change",
            "SELECT count(*) FROM topic_items t WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.item_id = t.item_id AND c.topic_id = t.topic_id AND c.kind = 'topic.joined')");
        Check("topic.joined change(s) without a topic row", """
            SELECT count(*) FROM changes c WHERE c.kind = 'topic.joined'
            AND NOT EXISTS (SELECT 1 FROM topic_items t WHERE t.item_id = c.item_id AND t.topic_id = c.topic_id)
            """);
        return (integrity, torn);
    }

    /// <summary>Each feed's stored item identities.</summary>
    public static Dictionary<string, HashSet<string>> ItemsByFeed(string databaseFile)
    {
        using var connection = Open(databaseFile);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT feed_id, identity FROM items";
        using var reader = command.ExecuteReader();
        var items = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (!items.TryGetValue(reader.GetString(0), out var identities))
            {
                items[reader.GetString(0)] = identities = new HashSet<string>(StringComparer.Ordinal);
            }

            identities.Add(reader.GetString(1));
        }

        return items;
    }

    public static long Count(string databaseFile, string sql)
    {
        using var connection = Open(databaseFile);
        return Count(connection, sql);
    }

    private static SqliteConnection Open(string databaseFile)
    {
        // Not pooled: the test remounts and compares the file between looks. Immutable when no -wal lies beside it,
        // as the service itself looks, so that looking leaves no -wal or -shm behind.
        var connection = new SqliteConnection(StoreFile.ReadOnly(databaseFile, File.Exists(databaseFile + "-wal")));
        connection.Open();
        return connection;
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
