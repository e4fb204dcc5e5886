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
    public async Task<IngestResult> SaveAsync(
        string feedId, IReadOnlyList<(NormalisedItem Item, IReadOnlyList<TopicMatch> Topics)> items, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var result = await database.WriteAsync(
            (connection, transaction) => Save(connection, transaction, feedId, items, now, changed), cancellationToken).ConfigureAwait(false);
        database.TopicVersions.Committed(changed);
        return result;
    }

    private static IngestResult Save(SqliteConnection connection, SqliteTransaction transaction, string feedId,
        IReadOnlyList<(NormalisedItem Item, IReadOnlyList<TopicMatch> Topics)> items, DateTimeOffset now, HashSet<string> changed)
    {
        using var find = Sql.Command(connection, transaction, "SELECT id, content_hash, sort_at FROM items WHERE feed_id = $feed AND identity = $identity");
        using var insert = Sql.Command(connection, transaction, """
            INSERT INTO items (uid, feed_id, identity, link, title, summary, author, categories, language,
                               published_at, updated_at, first_seen_at, sort_at, content_hash, data, canonical_link)
            VALUES ($uid, $feed, $identity, $link, $title, $summary, $author, $categories, $language,
                    $published, $updated, $now, $sort, $hash, $data, $canonical)
            RETURNING id
            """);
        using var update = Sql.Command(connection, transaction, """
            UPDATE items SET link = $link, title = $title, summary = $summary, author = $author, categories = $categories,
                             language = $language, published_at = $published, updated_at = $updated, content_hash = $hash,
                             data = $data, canonical_link = $canonical
            WHERE id = $id
            """);
        using var unlink = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE item_id = $id RETURNING topic_id");
        using var link = Sql.Command(connection, transaction, """
            INSERT OR IGNORE INTO topic_items (topic_id, item_id, sort_at, matched_at, explanation)
            VALUES ($topic, $id, $sort, $now, $explanation)
            """);
        using var search = new SearchIndex(connection, transaction);
        var at = StoreTime.Write(now);
        using var changes = new ChangeLog(connection, transaction, at);

        // FTS5 writes its pending terms out as a segment of their own at every statement savepoint, which a statement
        // that may write several rows (an INSERT … SELECT, for one) opens: written between an item's other rows, each
        // item's terms became a tiny segment and merging them doubled the cost of a poll. Written last, a poll's terms
        // reach the index together at commit.
        var indexed = new List<(long Id, NormalisedItem Item, bool Replace)>(items.Count);
        var (added, updated, unchanged) = (0, 0, 0);
        foreach (var (item, topics) in items)
        {
            find.Parameters["$feed"].Value = feedId;
            find.Parameters["$identity"].Value = item.Identity;
            long id;
            string sortAt;
            var uid = ItemUid(feedId, item.Identity);
            var before = new HashSet<string>(StringComparer.Ordinal);
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                {
                    reader.Close();
                    Bind(insert, feedId, item, now);
                    sortAt = StoreTime.Write(SortTime(item, now));
                    insert.Parameters["$uid"].Value = uid;
                    insert.Parameters["$sort"].Value = sortAt;
                    id = (long)insert.ExecuteScalar()!;
                    indexed.Add((id, item, false));
                    changes.Record(ChangeKinds.ItemAdded, id, uid, feedId);
                    added++;
                }
                else if (reader.GetString(1) != item.ContentHash)
                {
                    id = reader.GetInt64(0);
                    sortAt = reader.GetString(2);
                    reader.Close();
                    Bind(update, feedId, item, now);
                    update.Parameters["$id"].Value = id;
                    update.ExecuteNonQuery();
                    indexed.Add((id, item, true));
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
            }

            // An edited item's rows were all dropped and are written again: only a topic it was not in before is a
            // join, and only one it is no longer in is a leave.
            var after = new HashSet<string>(StringComparer.Ordinal);
            foreach (var topic in topics)
            {
                link.Parameters["$topic"].Value = topic.TopicId;
                link.Parameters["$explanation"].Value = TopicMatchJson.Write(topic.Explanation);
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
        foreach (var (id, item, replace) in indexed)
        {
            if (replace)
            {
                search.Replace(id, item);
            }
            else
            {
                search.Add(id, item);
            }
        }

        return new IngestResult(added, updated, unchanged);
    }

    /// <summary>The public id: stable across re-ingest and rebuilds because it derives only from feed id and item identity.</summary>
    public static string ItemUid(string feedId, string identity) => ItemNormaliser.Hash(feedId + "\n" + identity);

    /// <summary>Items sort by publication, but a missing or future date must not pin an item to the top.</summary>
    private static DateTimeOffset SortTime(NormalisedItem item, DateTimeOffset now) =>
        item.Published is { } published && published <= now ? published : now;

    private static void Bind(SqliteCommand command, string feedId, NormalisedItem item, DateTimeOffset now)
    {
        var p = command.Parameters;
        Set(p, "$feed", feedId);
        Set(p, "$identity", item.Identity);
        Set(p, "$link", (object?)item.Link ?? DBNull.Value);
        Set(p, "$title", item.Title);
        Set(p, "$summary", item.Summary);
        Set(p, "$author", (object?)item.Author ?? DBNull.Value);
        Set(p, "$categories", JsonSerializer.Serialize(item.Categories));
        Set(p, "$language", (object?)item.Language ?? DBNull.Value);
        Set(p, "$published", StoreTime.Write(item.Published));
        Set(p, "$updated", StoreTime.Write(item.Updated));
        Set(p, "$now", StoreTime.Write(now));
        Set(p, "$hash", item.ContentHash);
        Set(p, "$data", item.Data);
        Set(p, "$canonical", (object?)CanonicalLink.Of(item.Link) ?? DBNull.Value);
    }

    private static void Set(SqliteParameterCollection parameters, string name, object value)
    {
        if (parameters.Contains(name))
        {
            parameters[name].Value = value;
        }
    }
}
