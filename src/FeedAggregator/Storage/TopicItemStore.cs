using System.Text.Json;
using FeedAggregator.Normalising;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>Topic membership: the newest items of a topic, and re-evaluation of stored items when a topic's query changes.</summary>
public sealed class TopicItemStore(Database database, TimeProvider time)
{
    private const string ItemColumns = """
        i.id, i.uid, i.feed_id, f.url, f.title, i.link, i.title, i.summary, i.author, i.categories, i.language,
        i.published_at, i.updated_at, i.first_seen_at, i.sort_at
        """;

    public async Task<IReadOnlyList<StoredItem>> LatestAsync(string topicId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"""
            SELECT {ItemColumns}
            FROM topic_items t
            JOIN items i ON i.id = t.item_id
            LEFT JOIN feeds f ON f.id = i.feed_id
            WHERE t.topic_id = $topic
            ORDER BY t.sort_at DESC, t.item_id DESC
            LIMIT $limit
            """);
        command.With("$topic", topicId).With("$limit", limit);
        var items = new List<StoredItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    /// <summary>
    /// Brings topic membership in line with the topics in force: a topic whose query is new or changed is evaluated
    /// over every stored item; a topic no longer configured loses its rows. Returns the ids of the topics re-evaluated.
    /// </summary>
    public Task<IReadOnlyList<string>> SyncAsync(
        IReadOnlyDictionary<string, string> queries, Func<string, NormalisedItem, bool> matches, CancellationToken cancellationToken = default)
    {
        var now = StoreTime.Write(time.GetUtcNow());
        return database.WriteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var known = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var read = Sql.Command(connection, transaction, "SELECT id, query FROM topics"))
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    known[reader.GetString(0)] = reader.GetString(1);
                }
            }

            using var drop = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE topic_id = $topic");
            using var forget = Sql.Command(connection, transaction, "DELETE FROM topics WHERE id = $topic");
            foreach (var gone in known.Keys.Except(queries.Keys))
            {
                drop.With("$topic", gone).ExecuteNonQuery();
                forget.With("$topic", gone).ExecuteNonQuery();
            }

            var changed = queries.Where(q => !known.TryGetValue(q.Key, out var old) || old != q.Value).Select(q => q.Key).ToList();
            if (changed.Count > 0)
            {
                Reevaluate(connection, transaction, changed, queries, matches, drop, now);
            }

            return changed;
        }, cancellationToken);
    }

    private static void Reevaluate(SqliteConnection connection, SqliteTransaction transaction, List<string> topics,
        IReadOnlyDictionary<string, string> queries, Func<string, NormalisedItem, bool> matches, SqliteCommand drop, string now)
    {
        foreach (var topic in topics)
        {
            drop.With("$topic", topic).ExecuteNonQuery();
        }

        using var add = Sql.Command(connection, transaction,
            "INSERT OR IGNORE INTO topic_items (topic_id, item_id, sort_at, matched_at) VALUES ($topic, $id, $sort, $now)");
        using var all = Sql.Command(connection, transaction, "SELECT id, title, summary, sort_at FROM items");
        using (var reader = all.ExecuteReader())
        {
            while (reader.Read())
            {
                var item = new NormalisedItem("", null, reader.GetString(1), reader.GetString(2), null, [], null, null, null, "", "");
                foreach (var topic in topics.Where(t => matches(t, item)))
                {
                    add.With("$topic", topic).With("$id", reader.GetInt64(0)).With("$sort", reader.GetString(3)).With("$now", now).ExecuteNonQuery();
                }
            }
        }

        using var remember = Sql.Command(connection, transaction, """
            INSERT INTO topics (id, query, evaluated_at) VALUES ($topic, $query, $now)
            ON CONFLICT (id) DO UPDATE SET query = excluded.query, evaluated_at = excluded.evaluated_at
            """);
        foreach (var topic in topics)
        {
            remember.With("$topic", topic).With("$query", queries[topic]).With("$now", now).ExecuteNonQuery();
        }
    }

    internal static StoredItem ReadItem(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.NullableString(3),
        reader.NullableString(4),
        reader.NullableString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.NullableString(8),
        JsonSerializer.Deserialize<string[]>(reader.GetString(9)) ?? [],
        reader.NullableString(10),
        StoreTime.ReadNullable(reader.GetValue(11)),
        StoreTime.ReadNullable(reader.GetValue(12)),
        StoreTime.Read(reader.GetString(13)),
        StoreTime.Read(reader.GetString(14)));
}

public static class StorageRegistration
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Database>();
        builder.Services.AddSingleton<ItemStore>();
        builder.Services.AddSingleton<FeedStatusStore>();
        builder.Services.AddSingleton<TopicItemStore>();
        return builder;
    }
}
