using System.Text.Json;
using FeedAggregator.Normalising;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>Topic membership: the newest items of a topic, and what re-evaluating stored items reads and writes.</summary>
public sealed class TopicItemStore(Database database, TimeProvider time)
{
    internal const string ItemColumns = """
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
    /// One page of a topic feed, newest first: the items after <paramref name="after"/> (keyset paging, so a page stays the
    /// same while new items arrive) and the cursor of the next page when there is one. A story several feeds carry
    /// (same <see cref="CanonicalLink"/>) appears once, as the copy stored first; the others stay in the store.
    /// </summary>
    public async Task<TopicItemsPage> PageAsync(string topicId, int limit, TopicCursor? after, CancellationToken cancellationToken = default)
    {
        // The earlier copies of a story are looked up by canonical link (a handful of rows), then checked for the topic.
        // CROSS JOIN keeps that order: left to choose, SQLite walked the topic's rows older than the item instead, all
        // of them for every item listed (issue 8: 100 times slower on a topic of 7,000 items).
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"""
            SELECT {ItemColumns}, i.data, t.sort_at
            FROM topic_items t
            JOIN items i ON i.id = t.item_id
            LEFT JOIN feeds f ON f.id = i.feed_id
            WHERE t.topic_id = $topic
              AND ($after_sort IS NULL OR t.sort_at < $after_sort OR (t.sort_at = $after_sort AND t.item_id < $after_id))
              AND (i.canonical_link IS NULL OR NOT EXISTS (
                    SELECT 1 FROM items d CROSS JOIN topic_items dt ON dt.item_id = d.id AND dt.topic_id = t.topic_id
                    WHERE d.canonical_link = i.canonical_link AND d.id < i.id))
            ORDER BY t.sort_at DESC, t.item_id DESC
            LIMIT $limit
            """);
        command.With("$topic", topicId).With("$after_sort", after?.SortAt).With("$after_id", after?.ItemId ?? 0).With("$limit", limit + 1);
        var items = new List<TopicItemsPageItem>();
        string? lastSort = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
            {
                return new TopicItemsPage(items, new TopicCursor(lastSort!, items[^1].Item.Id));
            }

            items.Add(new TopicItemsPageItem(ReadItem(reader), reader.GetString(15)));
            lastSort = reader.GetString(16);
        }

        return new TopicItemsPage(items, null);
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

    /// <summary>Removes topics no longer configured, with their membership: each of their items leaves them.</summary>
    public async Task ForgetAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken = default)
    {
        var now = StoreTime.Write(time.GetUtcNow());
        await database.WriteAsync((connection, transaction) =>
        {
            var changes = new ChangeLog(connection, transaction, now);
            using var drop = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE topic_id = $topic");
            using var forget = Sql.Command(connection, transaction, "DELETE FROM topics WHERE id = $topic");
            using var version = Sql.Command(connection, transaction, "DELETE FROM topic_versions WHERE topic_id = $topic");
            foreach (var topic in topics)
            {
                changes.TopicDropped(topic);
                drop.With("$topic", topic).ExecuteNonQuery();
                forget.With("$topic", topic).ExecuteNonQuery();
                version.With("$topic", topic).ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
        database.TopicVersions.Committed(topics);
    }

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
    public async Task ApplyAsync(IReadOnlyList<TopicVerdict> verdicts, CancellationToken cancellationToken = default)
    {
        var now = StoreTime.Write(time.GetUtcNow());
        var changed = new HashSet<string>(StringComparer.Ordinal);
        await database.WriteAsync((connection, transaction) =>
        {
            using var join = Sql.Command(connection, transaction, """
                INSERT OR IGNORE INTO topic_items (topic_id, item_id, sort_at, matched_at, explanation)
                SELECT $topic, id, sort_at, $now, $explanation FROM items WHERE id = $id
                """);
            using var explain = Sql.Command(connection, transaction,
                "UPDATE topic_items SET explanation = $explanation WHERE topic_id = $topic AND item_id = $id");
            using var leave = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE topic_id = $topic AND item_id = $id");
            var changes = new ChangeLog(connection, transaction, now);
            foreach (var verdict in verdicts)
            {
                if (verdict.Explanation is { } explanation)
                {
                    var why = Topics.TopicMatchJson.Write(explanation);
                    if (join.With("$topic", verdict.TopicId).With("$id", verdict.ItemId).With("$now", now).With("$explanation", why).ExecuteNonQuery() > 0)
                    {
                        changes.Record(ChangeKinds.TopicJoined, verdict.ItemId, verdict.TopicId);
                        changed.Add(verdict.TopicId);
                    }
                    else
                    {
                        explain.With("$topic", verdict.TopicId).With("$id", verdict.ItemId).With("$explanation", why).ExecuteNonQuery();
                    }
                }
                else if (leave.With("$topic", verdict.TopicId).With("$id", verdict.ItemId).ExecuteNonQuery() > 0)
                {
                    changes.Record(ChangeKinds.TopicLeft, verdict.ItemId, verdict.TopicId);
                    changed.Add(verdict.TopicId);
                }
            }

            TopicVersions.Bump(connection, transaction, changed, now);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        database.TopicVersions.Committed(changed);
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

/// <summary>Where a page of a topic feed ends: the sort time (as stored) and item id of its last item.</summary>
public readonly record struct TopicCursor(string SortAt, long ItemId);

/// <summary>A page of a topic feed and the cursor of the next, older page (null on the last).</summary>
public sealed record TopicItemsPage(IReadOnlyList<TopicItemsPageItem> Items, TopicCursor? Next);

/// <summary>An item of a topic feed: its columns and its JSON (docs/parser.md), which holds the sanitised HTML and authors.</summary>
public sealed record TopicItemsPageItem(StoredItem Item, string Data);

/// <summary>What a topic rule reads of a stored item (the content is in <see cref="Data"/>, the item's JSON).</summary>
public sealed record StoredMatchText(
    long Id, string FeedId, string Title, string Summary, string? Author, IReadOnlyList<string> Categories, string? Language, string Data, DateTimeOffset SortAt);

/// <summary>A stored item in full: its columns, its JSON (docs/parser.md) and its topics with why.</summary>
public sealed record StoredItemDetail(StoredItem Item, string Data, IReadOnlyList<StoredTopicMatch> Topics);

/// <summary>A topic an item is in, and the explanation stored when it joined (null for rows older than explanations).</summary>
public sealed record StoredTopicMatch(string Topic, Topics.MatchExplanation? Explanation);

/// <summary>An item evaluated against a topic: <see cref="Explanation"/> when it belongs, null when it does not.</summary>
public sealed record TopicVerdict(long ItemId, string TopicId, Topics.MatchExplanation? Explanation);
