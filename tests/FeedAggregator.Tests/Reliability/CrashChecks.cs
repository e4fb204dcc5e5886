using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Tests.Reliability;

/// <summary>What one look at the store found; every count but the first three must be zero.</summary>
internal sealed record StoreState(
    int SchemaVersion,
    long Items,
    long TopicRows,
    string Integrity,
    long DuplicateUids,
    long DuplicateIdentities,
    long DanglingTopicRows,
    long ItemsWithoutSearchRow,
    long SearchRowsWithoutItem,
    long ItemsWithoutAddedChange,
    long TopicRowsWithoutJoinedChange,
    long ServedMissing,
    IReadOnlyList<string> BrokenCopies)
{
    public bool Ok => Integrity == "ok" && DuplicateUids == 0 && DuplicateIdentities == 0 && DanglingTopicRows == 0
        && ItemsWithoutSearchRow == 0 && SearchRowsWithoutItem == 0 && ItemsWithoutAddedChange == 0
        && TopicRowsWithoutJoinedChange == 0 && ServedMissing == 0 && BrokenCopies.Count == 0;

    public override string ToString() =>
        $"schema {SchemaVersion}, {Items} items, {TopicRows} topic rows, integrity {Integrity}, duplicate uids {DuplicateUids}, " +
        $"duplicate (feed, identity) {DuplicateIdentities}, dangling topic rows {DanglingTopicRows}, items without a search row " +
        $"{ItemsWithoutSearchRow}, search rows without an item {SearchRowsWithoutItem}, items without item.added {ItemsWithoutAddedChange}, " +
        $"topic rows without topic.joined {TopicRowsWithoutJoinedChange}, served items missing from their topic {ServedMissing}, " +
        $"broken static copies [{string.Join(", ", BrokenCopies)}]";
}

/// <summary>What the publisher served against what the store holds.</summary>
/// <param name="Served">Items the publisher served.</param>
/// <param name="Lost">Items a completed poll read that are not stored: must be none.</param>
/// <param name="OnlyKilledPolls">Items not stored that only killed polls read: they left their feed before it was polled again.</param>
internal sealed record PublisherCheck(long Served, IReadOnlyList<string> Lost, long OnlyKilledPolls);

/// <summary>
/// Looks at the store file read-only, with no service running: as a kill left it, or after the last clean stop.
/// </summary>
internal static class CrashChecks
{
    /// <summary>The state of the store in <paramref name="dataDirectory"/>, or null when the service was killed before it created the file.</summary>
    /// <param name="served">Every item a topic feed served so far, by topic: each must still be in its topic.</param>
    public static StoreState? Inspect(string dataDirectory, IReadOnlyDictionary<string, HashSet<string>> served)
    {
        var database = CrashOptions.DatabaseIn(dataDirectory);
        if (!File.Exists(database))
        {
            return null;
        }

        // No pooling: the file is closed when the check ends, before the service opens it again.
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var version = (int)Scalar(connection, "PRAGMA user_version");
        var integrity = string.Join("; ", Strings(connection, "PRAGMA integrity_check"));
        if (version < 7)
        {
            // Killed during the first migrations: the tables below are not all there yet.
            return new StoreState(version, 0, 0, integrity, 0, 0, 0, 0, 0, 0, 0, 0, BrokenCopies(dataDirectory));
        }

        var missing = 0L;
        foreach (var (topic, uids) in served)
        {
            var inTopic = Strings(connection, "SELECT i.uid FROM topic_items t JOIN items i ON i.id = t.item_id WHERE t.topic_id = $topic", ("$topic", topic)).ToHashSet(StringComparer.Ordinal);
            missing += uids.Count(uid => !inTopic.Contains(uid));
        }

        return new StoreState(
            version,
            Scalar(connection, "SELECT count(*) FROM items"),
            Scalar(connection, "SELECT count(*) FROM topic_items"),
            integrity,
            Scalar(connection, "SELECT count(*) FROM (SELECT uid FROM items GROUP BY uid HAVING count(*) > 1)"),
            Scalar(connection, "SELECT count(*) FROM (SELECT 1 FROM items GROUP BY feed_id, identity HAVING count(*) > 1)"),
            Scalar(connection, "SELECT count(*) FROM topic_items WHERE item_id NOT IN (SELECT id FROM items)"),
            // A contentless FTS5 table lists the rowids it indexes: every item has its row, and no row outlived its item.
            Scalar(connection, "SELECT count(*) FROM items WHERE id NOT IN (SELECT rowid FROM items_fts)"),
            Scalar(connection, "SELECT count(*) FROM items_fts WHERE rowid NOT IN (SELECT id FROM items)"),
            Scalar(connection, "SELECT count(*) FROM items WHERE id NOT IN (SELECT item_id FROM changes WHERE kind = 'item.added')"),
            Scalar(connection, "SELECT count(*) FROM topic_items WHERE (topic_id, item_id) NOT IN (SELECT topic_id, item_id FROM changes WHERE kind = 'topic.joined')"),
            missing,
            BrokenCopies(dataDirectory));
    }

    /// <summary>
    /// The items the publisher served against the store, after every feed was polled once more. A poll that completed left
    /// its new items' <c>first_seen_at</c>, a time after its fetch: the feed's last response before that time is the one it
    /// read, and every item of it must be stored. Items that only killed polls read may have left the feed before the
    /// next poll; they are counted apart.
    /// </summary>
    public static PublisherCheck Publisher(string dataDirectory, CrashPublisher publisher)
    {
        using var connection = new SqliteConnection($"Data Source={CrashOptions.DatabaseIn(dataDirectory)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var polls = new Dictionary<string, SortedSet<DateTimeOffset>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT feed_id, identity, first_seen_at FROM items";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var feed = reader.GetString(0);
                stored.Add($"{feed} {reader.GetString(1)}");
                if (!polls.TryGetValue(feed, out var times))
                {
                    polls[feed] = times = [];
                }

                times.Add(DateTimeOffset.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var responses = publisher.Responses();
        var (served, unread) = (0L, 0L);
        var lost = new List<string>();
        for (var feed = 0; feed < responses.Count; feed++)
        {
            var read = new HashSet<int>();
            foreach (var completed in polls.GetValueOrDefault($"wire-{feed}") ?? [])
            {
                var last = responses[feed].LastOrDefault(r => r.At <= completed);
                for (var seq = last.First; seq < last.End; seq++)
                {
                    read.Add(seq);
                }
            }

            foreach (var seq in responses[feed].SelectMany(r => Enumerable.Range(r.First, r.End - r.First)).Distinct())
            {
                served++;
                var key = $"wire-{feed} {CrashPublisher.Identity(feed, seq)}";
                if (stored.Contains(key))
                {
                    continue;
                }

                if (read.Contains(seq))
                {
                    lost.Add(key);
                }
                else
                {
                    unread++;
                }
            }
        }

        return new PublisherCheck(served, lost, unread);
    }

    /// <summary>Public static copies that are not whole feeds; a copy not written yet is not broken.</summary>
    private static List<string> BrokenCopies(string dataDirectory)
    {
        var broken = new List<string>();
        foreach (var topic in CrashOptions.Topics)
        {
            foreach (var extension in (string[])["rss", "atom", "json"])
            {
                var path = Path.Combine(dataDirectory, "public", "topics", $"{topic}.{extension}");
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    if (extension == "json")
                    {
                        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
                    }
                    else
                    {
                        XDocument.Load(path);
                    }
                }
                catch (Exception e) when (e is JsonException or System.Xml.XmlException)
                {
                    broken.Add($"{topic}.{extension}: {e.Message}");
                }
            }
        }

        return broken;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Strings(SqliteConnection connection, string sql, params (string Name, string Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var values = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
