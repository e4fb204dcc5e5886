using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>
/// What the API reads of the store: item listings with filters and full-text search, the sources of a story, and the
/// change feed. Every read is one connection of its own; paging is by keyset, never by offset (docs/store.md).
/// </summary>
public sealed partial class ItemQueries(Database database)
{
    /// <summary>The most items (or changes) one page may hold.</summary>
    public const int MaxLimit = 500;

    /// <summary>Column weights of the relevance rank: words in the title count most, then the summary, then the content.</summary>
    private const string Rank = "bm25(items_fts, 4.0, 2.0, 1.0)";

    /// <summary>
    /// One page of items. Newest first, pages follow (sort time, id) and stay exact while items arrive: no item is
    /// listed twice and none present throughout is skipped. By relevance, see docs/store.md, "Search", for what a page
    /// boundary can and cannot promise.
    /// </summary>
    /// <exception cref="StoreQueryException">A malformed query or cursor, a limit out of range, relevance without a query.</exception>
    public async Task<ItemsPage> ListAsync(ItemFilter filter, int limit, string? cursor = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new StoreQueryException("limit", $"limit must be a whole number from 1 to {MaxLimit}, not {limit}");
        }

        var order = filter.EffectiveOrder;
        if (order == ItemOrder.Relevance && string.IsNullOrWhiteSpace(filter.Query))
        {
            throw new StoreQueryException("sort", "ordering by relevance needs a full-text query (q)");
        }

        var after = cursor is null ? null : ItemCursor.Decode(cursor, order);
        filter = filter with { Query = SearchIndex.Fold(filter.Query) };
        await using var connection = database.OpenRead();
        using var snapshot = connection.BeginTransaction(deferred: true);
        if (filter.Query is { } query)
        {
            CheckQuery(connection, snapshot, query);
        }

        long? maxId = order == ItemOrder.Relevance ? after?.MaxId ?? MaxItemId(connection, snapshot) : null;
        using var command = ListCommand(connection, snapshot, filter, order, after, maxId, limit);
        return await ReadPageAsync(command, order, maxId, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the query alone first, so that an error can only be the query's: FTS5 reports a malformed query as a plain
    /// SQL error ("fts5: syntax error near …", "unterminated string", "no such column: x").
    /// </summary>
    private static void CheckQuery(SqliteConnection connection, SqliteTransaction snapshot, string query)
    {
        using var check = Sql.Command(connection, snapshot, "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH $q LIMIT 1)");
        try
        {
            check.With("$q", query).ExecuteScalar();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            throw new StoreQueryException("q", $"'{query}' is not a valid full-text query ({FtsMessage(e)}); see https://sqlite.org/fts5.html#full_text_query_syntax", e);
        }
    }

    /// <summary>Every stored item that carries the same story as <paramref name="uid"/> (same canonical link), itself included, first seen first; null when there is no such item.</summary>
    public async Task<IReadOnlyList<StoredItem>?> SourcesAsync(string uid, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"""
            WITH story AS (SELECT id, canonical_link FROM items WHERE uid = $uid)
            SELECT {TopicItemStore.ItemColumns}
            FROM items i LEFT JOIN feeds f ON f.id = i.feed_id, story s
            WHERE i.id = s.id OR i.canonical_link = s.canonical_link
            ORDER BY i.first_seen_at, i.id
            """);
        command.With("$uid", uid);
        var items = new List<StoredItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(TopicItemStore.ReadItem(reader));
        }

        return items.Count == 0 ? null : items;
    }

    private static SqliteCommand ListCommand(
        SqliteConnection connection, SqliteTransaction snapshot, ItemFilter filter, ItemOrder order, ItemCursor? after, long? maxId, int limit)
    {
        var where = new List<string>();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["$limit"] = limit + 1 };
        void Add(string condition, string name, object? value)
        {
            where.Add(condition);
            values[name] = value;
        }

        // Newest first within a topic, the listing is driven by the topic's own index (topic_id, sort_at DESC, item_id
        // DESC), so only the page's rows are read. Driven by the newest items of all feeds with an EXISTS per item, a topic
        // of 1% of the store read a hundred items for each one it listed (issue 8). topic_items.sort_at is items.sort_at,
        // copied when the row is written; neither ever changes.
        var byTopic = filter.Topic is not null && order == ItemOrder.Newest;
        var (sortAt, itemId) = byTopic ? ("t.sort_at", "t.item_id") : ("i.sort_at", "i.id");
        if (filter.Topic is { } topic)
        {
            Add(byTopic ? "t.topic_id = $topic" : "EXISTS (SELECT 1 FROM topic_items t WHERE t.item_id = i.id AND t.topic_id = $topic)", "$topic", topic);
        }

        if (filter.Feed is { } feed)
        {
            Add("i.feed_id = $feed", "$feed", feed);
        }

        if (filter.Feeds is { } feeds)
        {
            Add("i.feed_id IN (SELECT value FROM json_each($feeds))", "$feeds", JsonSerializer.Serialize(feeds));
        }

        if (filter.Language is { } language)
        {
            // "ru" takes "ru" and "ru-RU" but not "rue": the tag or a subtag after it.
            Add("(lower(i.language) = $lang OR substr(lower(i.language), 1, length($lang) + 1) = $lang || '-')", "$lang", language.ToLowerInvariant());
        }

        if (filter.Since is { } since)
        {
            Add($"{sortAt} >= $since", "$since", StoreTime.Write(since));
        }

        if (filter.Until is { } until)
        {
            Add($"{sortAt} < $until", "$until", StoreTime.Write(until));
        }

        var sql = new StringBuilder();
        if (order == ItemOrder.Relevance)
        {
            // Materialised so that the rank is computed once per match, inside the full-text query where bm25 is defined.
            // The page is chosen from the matches' ids and ranks (and, when filtered, the columns the filters read); only
            // its rows are then read whole. Joined to every match before the sort, a common word read the JSON of
            // thousands of items to return twenty (issue 8: 52 ms for a word in 17,755 items, 12 ms now).
            sql.Append($"WITH hits AS MATERIALIZED (SELECT rowid AS id, {Rank} AS rank FROM items_fts WHERE items_fts MATCH $q),\n");
            values["$q"] = filter.Query;
            var filtered = where.Count > 0;
            where.Add("h.id <= $max");
            values["$max"] = maxId;
            sql.Append("page AS MATERIALIZED (SELECT h.id, h.rank FROM hits h\n");
            if (filtered)
            {
                sql.Append("JOIN items i ON i.id = h.id\n");
            }

            if (after is not null)
            {
                // Ranks depend on the whole index (bm25's document count, term frequencies, mean length): any write
                // between two pages moves them all. The page boundary is therefore the last item's rank as it is now,
                // and the rank the cursor carries only stands in when that item no longer matches.
                sql.Append("CROSS JOIN (SELECT coalesce((SELECT rank FROM hits WHERE id = $after_id), $after_rank) AS rank) a\n");
                where.Add("(h.rank > a.rank OR (h.rank = a.rank AND h.id < $after_id))");
                values["$after_rank"] = after.Rank;
                values["$after_id"] = after.Id;
            }

            sql.Append("WHERE ").AppendJoin("\n  AND ", where).Append('\n');
            sql.Append("ORDER BY h.rank, h.id DESC LIMIT $limit)\n");
            sql.Append($"SELECT {TopicItemStore.ItemColumns}, i.data, p.rank FROM page p JOIN items i ON i.id = p.id\n");
            sql.Append("LEFT JOIN feeds f ON f.id = i.feed_id\n");
            sql.Append("ORDER BY p.rank, p.id DESC");
        }
        else
        {
            // CROSS JOIN keeps the topic's rows as the outer loop, which SQLite would otherwise be free to turn around.
            sql.Append($"SELECT {TopicItemStore.ItemColumns}, i.data, NULL FROM ")
                .Append(byTopic ? "topic_items t CROSS JOIN items i ON i.id = t.item_id\n" : "items i\n");
            if (filter.Query is { } query)
            {
                Add("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH $q)", "$q", query);
            }

            if (after is not null)
            {
                where.Add($"({sortAt} < $after_sort OR ({sortAt} = $after_sort AND {itemId} < $after_id))");
                values["$after_sort"] = after.SortAt;
                values["$after_id"] = after.Id;
            }

            sql.Append("LEFT JOIN feeds f ON f.id = i.feed_id\n");
            if (where.Count > 0)
            {
                sql.Append("WHERE ").AppendJoin("\n  AND ", where).Append('\n');
            }

            sql.Append($"ORDER BY {sortAt} DESC, {itemId} DESC\n");
            sql.Append("LIMIT $limit");
        }

        var command = Sql.Command(connection, snapshot, sql.ToString());
        foreach (var (name, value) in values)
        {
            command.With(name, value);
        }

        return command;
    }

    private static async Task<ItemsPage> ReadPageAsync(SqliteCommand command, ItemOrder order, long? maxId, int limit, CancellationToken cancellationToken)
    {
        var items = new List<ListedItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
            {
                var last = items[^1];
                var next = order == ItemOrder.Newest
                    ? new ItemCursor(order, StoreTime.Write(last.Item.SortAt), null, null, last.Item.Id)
                    : new ItemCursor(order, null, maxId, last.Rank, last.Item.Id);
                return new ItemsPage(items, next.Encode());
            }

            items.Add(new ListedItem(TopicItemStore.ReadItem(reader), reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetDouble(16)));
        }

        return new ItemsPage(items, null);
    }

    private static long MaxItemId(SqliteConnection connection, SqliteTransaction snapshot)
    {
        using var command = Sql.Command(connection, snapshot, "SELECT coalesce(max(id), 0) FROM items");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>SQLite's own words, e.g. "fts5: syntax error near \"(\"", without the "SQLite Error 1: '…'." around them.</summary>
    private static string FtsMessage(SqliteException e)
    {
        var text = e.Message;
        var start = text.IndexOf('\'', StringComparison.Ordinal);
        var end = text.LastIndexOf('\'');
        return start >= 0 && end > start ? text[(start + 1)..end] : text;
    }
}
