using System.Text.Json;
using FeedAggregator.Normalising;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>Topic membership: the newest items of a topic, and what re-evaluating stored items reads and writes.</summary>
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

    /// <summary>One stored item by its public id, with its JSON and the topics it is in (each with why), or null.</summary>
    public async Task<StoredItemDetail?> ItemAsync(string uid, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        StoredItem item;
        string data;
        using (var command = Sql.Command(connection, null, $"""
            SELECT {ItemColumns}, i.data
            FROM items i LEFT JOIN feeds f ON f.id = i.feed_id
            WHERE i.uid = $uid
            """))
        {
            command.With("$uid", uid);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            item = ReadItem(reader);
            data = reader.GetString(15);
        }

        using var topics = Sql.Command(connection, null, "SELECT topic_id, explanation FROM topic_items WHERE item_id = $id ORDER BY topic_id");
        topics.With("$id", item.Id);
        var matches = new List<StoredTopicMatch>();
        await using (var reader = await topics.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                matches.Add(new StoredTopicMatch(reader.GetString(0), Topics.TopicMatchJson.Read(reader.NullableString(1))));
            }
        }

        return new StoredItemDetail(item, data, matches);
    }

    /// <summary>The definition each topic had when its items were last evaluated (null for a store older than definitions).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> DefinitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, "SELECT id, definition FROM topics");
        var definitions = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            definitions[reader.GetString(0)] = reader.NullableString(1);
        }

        return definitions;
    }

    /// <summary>Removes topics no longer configured, with their membership.</summary>
    public Task ForgetAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var drop = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE topic_id = $topic");
            using var forget = Sql.Command(connection, transaction, "DELETE FROM topics WHERE id = $topic");
            foreach (var topic in topics)
            {
                drop.With("$topic", topic).ExecuteNonQuery();
                forget.With("$topic", topic).ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken);

    /// <summary>Every stored item sorted at or after <paramref name="since"/>, in id order, read <paramref name="size"/> at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredMatchText>> BatchesSinceAsync(
        DateTimeOffset since, int size, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long after = 0;
        while (true)
        {
            var batch = await ReadBatchAsync(since, after, size, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                yield break;
            }

            yield return batch;
            after = batch[^1].Id;
        }
    }

    private async Task<IReadOnlyList<StoredMatchText>> ReadBatchAsync(DateTimeOffset since, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, """
            SELECT id, feed_id, title, summary, author, categories, language, data, sort_at
            FROM items WHERE id > $after AND sort_at >= $since ORDER BY id LIMIT $limit
            """);
        command.With("$after", afterId).With("$since", StoreTime.Write(since)).With("$limit", limit);
        var batch = new List<StoredMatchText>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(new StoredMatchText(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.NullableString(4),
                JsonSerializer.Deserialize<string[]>(reader.GetString(5)) ?? [], reader.NullableString(6), reader.GetString(7),
                StoreTime.Read(reader.GetString(8))));
        }

        return batch;
    }

    /// <summary>Writes the outcome of evaluating items against topics: a match joins (or refreshes its explanation), a miss leaves.</summary>
    public Task ApplyAsync(IReadOnlyList<TopicVerdict> verdicts, CancellationToken cancellationToken = default)
    {
        var now = StoreTime.Write(time.GetUtcNow());
        return database.WriteAsync((connection, transaction) =>
        {
            using var join = Sql.Command(connection, transaction, """
                INSERT INTO topic_items (topic_id, item_id, sort_at, matched_at, explanation)
                SELECT $topic, id, sort_at, $now, $explanation FROM items WHERE id = $id
                ON CONFLICT (topic_id, item_id) DO UPDATE SET explanation = excluded.explanation
                """);
            using var leave = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE topic_id = $topic AND item_id = $id");
            foreach (var verdict in verdicts)
            {
                if (verdict.Explanation is { } explanation)
                {
                    join.With("$topic", verdict.TopicId).With("$id", verdict.ItemId).With("$now", now)
                        .With("$explanation", Topics.TopicMatchJson.Write(explanation)).ExecuteNonQuery();
                }
                else
                {
                    leave.With("$topic", verdict.TopicId).With("$id", verdict.ItemId).ExecuteNonQuery();
                }
            }

            return 0;
        }, cancellationToken);
    }

    /// <summary>Records the definitions the store's membership now reflects.</summary>
    public Task RememberAsync(IReadOnlyList<(string Id, string Definition)> topics, CancellationToken cancellationToken = default)
    {
        var now = StoreTime.Write(time.GetUtcNow());
        return database.WriteAsync((connection, transaction) =>
        {
            using var remember = Sql.Command(connection, transaction, """
                INSERT INTO topics (id, query, evaluated_at, definition) VALUES ($topic, $definition, $now, $definition)
                ON CONFLICT (id) DO UPDATE SET query = excluded.query, evaluated_at = excluded.evaluated_at, definition = excluded.definition
                """);
            foreach (var (id, definition) in topics)
            {
                remember.With("$topic", id).With("$definition", definition).With("$now", now).ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken);
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

/// <summary>What a topic rule reads of a stored item (the content is in <see cref="Data"/>, the item's JSON).</summary>
public sealed record StoredMatchText(
    long Id, string FeedId, string Title, string Summary, string? Author, IReadOnlyList<string> Categories, string? Language, string Data, DateTimeOffset SortAt);

/// <summary>A stored item in full: its columns, its JSON (docs/parser.md) and its topics with why.</summary>
public sealed record StoredItemDetail(StoredItem Item, string Data, IReadOnlyList<StoredTopicMatch> Topics);

/// <summary>A topic an item is in, and the explanation stored when it joined (null for rows older than explanations).</summary>
public sealed record StoredTopicMatch(string Topic, Topics.MatchExplanation? Explanation);

/// <summary>An item evaluated against a topic: <see cref="Explanation"/> when it belongs, null when it does not.</summary>
public sealed record TopicVerdict(long ItemId, string TopicId, Topics.MatchExplanation? Explanation);

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
