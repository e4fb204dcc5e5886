using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Topics;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>
/// Writes a poll's items, their topic membership, their full-text rows and the change feed in one transaction; an item
/// is unique per (feed, identity).
/// </summary>
public sealed class ItemStore(Database database, TimeProvider time)
{
    /// <param name="source">
    /// The feed's URL and title as its items should show them, written in the same transaction as the items: topic feeds
    /// rendered as soon as the items are in (static copies, the cached response of the topic's new version) name their
    /// source even for a feed's first poll, whose status is recorded only afterwards.
    /// </param>
    public async Task<IngestResult> SaveAsync(
        string feedId, IReadOnlyList<(NormalisedItem Item, IReadOnlyList<TopicMatch> Topics)> items, CancellationToken cancellationToken = default,
        SavedFeed? source = null)
    {
        var now = time.GetUtcNow();
        var changed = new HashSet<string>(StringComparer.Ordinal);

        // Everything an item's rows need that does not depend on what is stored (uid, text values, the explanations'
        // JSON, the folded search text) is computed here, by the poll, before it waits for the single writer: concurrent
        // polls then do this work beside another poll's write instead of inside their own turn.
        var rows = new ItemRow[items.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ItemRow.Of(feedId, items[i].Item, items[i].Topics, now);
        }

        var identities = JsonSerializer.Serialize(rows.Select(r => r.Item.Identity));
        var result = await database.WriteAsync(
            (connection, transaction) =>
            {
                if (source is not null)
                {
                    Describe(connection, transaction, feedId, source);
                }

                return Save(connection, transaction, feedId, identities, rows, now, changed);
            }, cancellationToken).ConfigureAwait(false);
        database.TopicVersions.Committed(changed);
        return result;
    }

    /// <summary>
    /// The feed's row with its URL and title; a new URL (the operator changed it) also drops what was carried from the
    /// old one's polls, as the poll itself does (<c>FeedRefresher.Carried</c>), should its status fail to be recorded.
    /// </summary>
    private static void Describe(SqliteConnection connection, SqliteTransaction transaction, string feedId, SavedFeed source)
    {
        var upsert = Sql.Kept(connection, transaction, """
            INSERT INTO feeds (id, url, title) VALUES ($feed, $url, $title)
            ON CONFLICT (id) DO UPDATE SET
                title = coalesce(excluded.title, feeds.title),
                url = excluded.url,
                etag = iif(feeds.url = excluded.url, feeds.etag, NULL),
                last_modified = iif(feeds.url = excluded.url, feeds.last_modified, NULL),
                body_hash = iif(feeds.url = excluded.url, feeds.body_hash, NULL),
                effective_url = iif(feeds.url = excluded.url, feeds.effective_url, NULL),
                moved_from = iif(feeds.url = excluded.url, feeds.moved_from, NULL),
                redirect_target = iif(feeds.url = excluded.url, feeds.redirect_target, NULL),
                redirect_polls = iif(feeds.url = excluded.url, feeds.redirect_polls, 0)
            WHERE feeds.url IS NOT excluded.url OR feeds.title IS NOT coalesce(excluded.title, feeds.title)
            """);
        upsert.With("$feed", feedId).With("$url", source.Url).With("$title", source.Title).ExecuteNonQuery();
    }

    private static IngestResult Save(SqliteConnection connection, SqliteTransaction transaction, string feedId, string identities,
        ItemRow[] items, DateTimeOffset now, HashSet<string> changed)
    {
        // What the feed's stored items are, read for the whole poll at once (one statement instead of one per item), and
        // kept up to date as the poll writes, so an identity a feed lists twice is an update the second time.
        var known = new Dictionary<string, (long Id, string Hash, string SortAt)>(StringComparer.Ordinal);
        var find = Sql.Kept(connection, transaction, """
            SELECT identity, id, content_hash, sort_at FROM items
            WHERE feed_id = $feed AND identity IN (SELECT value FROM json_each($identities))
            """);
        using (var reader = find.With("$feed", feedId).With("$identities", identities).ExecuteReader())
        {
            while (reader.Read())
            {
                known[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
            }
        }

        var insert = Sql.Kept(connection, transaction, """
            INSERT INTO items (uid, feed_id, identity, link, title, summary, author, categories, language,
                               published_at, updated_at, first_seen_at, sort_at, content_hash, data, canonical_link)
            VALUES ($uid, $feed, $identity, $link, $title, $summary, $author, $categories, $language,
                    $published, $updated, $now, $sort, $hash, $data, $canonical)
            RETURNING id
            """);
        var update = Sql.Kept(connection, transaction, """
            UPDATE items SET link = $link, title = $title, summary = $summary, author = $author, categories = $categories,
                             language = $language, published_at = $published, updated_at = $updated, content_hash = $hash,
                             data = $data, canonical_link = $canonical
            WHERE id = $id
            """);
        var unlink = Sql.Kept(connection, transaction, "DELETE FROM topic_items WHERE item_id = $id RETURNING topic_id");
        var link = Sql.Kept(connection, transaction, """
            INSERT OR IGNORE INTO topic_items (topic_id, item_id, sort_at, matched_at, explanation)
            VALUES ($topic, $id, $sort, $now, $explanation)
            """);
        var search = new SearchIndex(connection, transaction);
        var at = StoreTime.Write(now);
        var changes = new ChangeLog(connection, transaction, at);

        // FTS5 writes its pending terms out as a segment of their own at every statement savepoint, which a statement
        // that may write several rows (an INSERT … SELECT, for one) opens: written between an item's other rows, each
        // item's terms became a tiny segment and merging them doubled the cost of a poll. Written last, a poll's terms
        // reach the index together at commit.
        var indexed = new List<(long Id, ItemRow Row, bool Replace)>(items.Length);
        var (added, updated, unchanged) = (0, 0, 0);
        var insertValues = Parameters(insert);
        var updateValues = Parameters(update);
        foreach (var row in items)
        {
            var (item, uid) = (row.Item, row.Uid);
            long id;
            string sortAt;
            var before = new HashSet<string>(StringComparer.Ordinal);
            if (!known.TryGetValue(item.Identity, out var stored))
            {
                row.Bind(insertValues);
                sortAt = row.SortAt;
                id = (long)insert.ExecuteScalar()!;
                indexed.Add((id, row, false));
                changes.Record(ChangeKinds.ItemAdded, id, uid, feedId);
                added++;
            }
            else if (stored.Hash != item.ContentHash)
            {
                (id, sortAt) = (stored.Id, stored.SortAt);
                row.Bind(updateValues);
                update.Parameters["$id"].Value = id;
                update.ExecuteNonQuery();
                indexed.Add((id, row, true));
                changes.Record(ChangeKinds.ItemUpdated, id, uid, feedId);
                unlink.Parameters["$id"].Value = id;
                using (var left = unlink.ExecuteReader())
                {
                    while (left.Read())
                    {
                        before.Add(left.GetString(0));
                    }
                }

                changed.UnionWith(before);
                updated++;
            }
            else
            {
                unchanged++;
                continue;
            }

            known[item.Identity] = (id, item.ContentHash, sortAt);

            // An edited item's rows were all dropped and are written again: only a topic it was not in before is a
            // join, and only one it is no longer in is a leave.
            var after = new HashSet<string>(StringComparer.Ordinal);
            foreach (var topic in row.Topics)
            {
                link.Parameters["$topic"].Value = topic.TopicId;
                link.Parameters["$explanation"].Value = topic.Explanation;
                link.Parameters["$id"].Value = id;
                link.Parameters["$sort"].Value = sortAt;
                link.Parameters["$now"].Value = at;
                if (link.ExecuteNonQuery() > 0 && after.Add(topic.TopicId) && !before.Contains(topic.TopicId))
                {
                    changes.Record(ChangeKinds.TopicJoined, id, uid, feedId, topic.TopicId);
                }

                changed.Add(topic.TopicId);
            }

            foreach (var topic in before.Where(t => !after.Contains(t)).Order(StringComparer.Ordinal))
            {
                changes.Record(ChangeKinds.TopicLeft, id, uid, feedId, topic);
            }
        }

        TopicVersions.Bump(connection, transaction, changed, at);
        foreach (var (id, row, replace) in indexed)
        {
            if (replace)
            {
                search.Replace(id, row.Search);
            }
            else
            {
                search.Add(id, row.Search);
            }
        }

        return new IngestResult(added, updated, unchanged);
    }

    /// <summary>The public id: stable across re-ingest and rebuilds because it derives only from feed id and item identity.</summary>
    public static string ItemUid(string feedId, string identity) => ItemNormaliser.Hash(feedId + "\n" + identity);

    /// <summary>Items sort by publication, but a missing or future date must not pin an item to the top.</summary>
    private static DateTimeOffset SortTime(NormalisedItem item, DateTimeOffset now) =>
        item.Published is { } published && published <= now ? published : now;

    /// <summary>A command's parameters by the <see cref="ItemRow.Columns"/> order, looked up once per poll instead of per item.</summary>
    private static SqliteParameter?[] Parameters(SqliteCommand command) =>
        [.. ItemRow.Columns.Select(name => command.Parameters.Contains(name) ? command.Parameters[name] : null)];

    /// <summary>An item's values as they are written, computed before the poll's turn at the writer.</summary>
    private sealed class ItemRow
    {
        /// <summary>The parameter names <see cref="Bind"/> fills, in the order of <see cref="values"/>.</summary>
        public static readonly string[] Columns =
        [
            "$uid", "$feed", "$identity", "$link", "$title", "$summary", "$author", "$categories", "$language",
            "$published", "$updated", "$now", "$sort", "$hash", "$data", "$canonical",
        ];

        private readonly object[] values;

        private ItemRow(NormalisedItem item, string uid, string sortAt, object[] values, (string TopicId, string Explanation)[] topics, SearchText search)
        {
            Item = item;
            Uid = uid;
            SortAt = sortAt;
            this.values = values;
            Topics = topics;
            Search = search;
        }

        public NormalisedItem Item { get; }

        public string Uid { get; }

        /// <summary>The sort time a new row gets; an updated row keeps the one it has.</summary>
        public string SortAt { get; }

        public (string TopicId, string Explanation)[] Topics { get; }

        public SearchText Search { get; }

        public static ItemRow Of(string feedId, NormalisedItem item, IReadOnlyList<TopicMatch> topics, DateTimeOffset now)
        {
            var uid = ItemUid(feedId, item.Identity);
            var sortAt = StoreTime.Write(SortTime(item, now));
            object[] values =
            [
                uid, feedId, item.Identity, (object?)item.Link ?? DBNull.Value, item.Title, item.Summary,
                (object?)item.Author ?? DBNull.Value, JsonSerializer.Serialize(item.Categories), (object?)item.Language ?? DBNull.Value,
                StoreTime.Write(item.Published), StoreTime.Write(item.Updated), StoreTime.Write(now), sortAt, item.ContentHash,
                item.Data, (object?)CanonicalLink.Of(item.Link) ?? DBNull.Value,
            ];
            var matches = new (string, string)[topics.Count];
            for (var i = 0; i < matches.Length; i++)
            {
                matches[i] = (topics[i].TopicId, TopicMatchJson.Write(topics[i].Explanation));
            }

            return new ItemRow(item, uid, sortAt, values, matches, SearchText.Of(item));
        }

        /// <summary>Sets the parameters the command has (see <see cref="Parameters"/>); the others are not its columns.</summary>
        public void Bind(SqliteParameter?[] parameters)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (parameters[i] is { } parameter)
                {
                    parameter.Value = values[i];
                }
            }
        }
    }
}

/// <summary>A feed as its stored items name it: its configured URL and its title.</summary>
public sealed record SavedFeed(string Url, string? Title);
