using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Storage;

/// <summary>
/// Removes items older than <see cref="StorageOptions.RetentionDays"/>, a batch per write transaction: each item with
/// its search row and topic rows (raising those topics' versions, so topic feeds never list a removed item under an
/// old ETag), recorded as <c>item.removed</c>. Then prunes changes older than the same age.
/// </summary>
/// <remarks>
/// An item goes only when both its sort time and its first-seen time are old. An old-dated item that a feed still
/// carries would otherwise be removed and stored again as new on the next poll, over and over.
/// </remarks>
public sealed class ItemRetention(Database database, TimeProvider time, IOptions<StorageOptions> options)
{
    public sealed record Outcome(int ItemsRemoved, int ChangesPruned);

    public async Task<Outcome> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var cutoff = StoreTime.Write(time.GetUtcNow() - settings.Retention);
        var (items, pruned) = (0, 0);
        while (true)
        {
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var removed = await database.WriteAsync(
                (connection, transaction) => RemoveBatch(connection, transaction, cutoff, settings.RetentionBatchSize, changed),
                cancellationToken).ConfigureAwait(false);
            database.TopicVersions.Committed(changed);
            items += removed;
            if (removed < settings.RetentionBatchSize)
            {
                break;
            }
        }

        while (true)
        {
            var count = await database.WriteAsync(
                (connection, transaction) => PruneChanges(connection, transaction, cutoff, settings.RetentionBatchSize),
                cancellationToken).ConfigureAwait(false);
            pruned += count;
            if (count < settings.RetentionBatchSize)
            {
                break;
            }
        }

        return new Outcome(items, pruned);
    }

    private int RemoveBatch(SqliteConnection connection, SqliteTransaction transaction,
        string cutoff, int size, HashSet<string> changed)
    {
        var now = StoreTime.Write(time.GetUtcNow());
        var ids = new List<long>();
        using (var old = Sql.Command(connection, transaction, """
            SELECT id FROM items WHERE sort_at < $cutoff AND first_seen_at < $cutoff ORDER BY sort_at, id LIMIT $size
            """))
        {
            using var reader = old.With("$cutoff", cutoff).With("$size", size).ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var changes = new ChangeLog(connection, transaction, now);
        var search = new SearchIndex(connection, transaction);
        using var unlink = Sql.Command(connection, transaction, "DELETE FROM topic_items WHERE item_id = $id RETURNING topic_id");
        using var delete = Sql.Command(connection, transaction, "DELETE FROM items WHERE id = $id");
        foreach (var id in ids)
        {
            changes.Record(ChangeKinds.ItemRemoved, id);
            using (var reader = unlink.With("$id", id).ExecuteReader())
            {
                while (reader.Read())
                {
                    changed.Add(reader.GetString(0));
                }
            }

            search.Remove(id);
            delete.With("$id", id).ExecuteNonQuery();
        }

        TopicVersions.Bump(connection, transaction, changed, now);
        return ids.Count;
    }

    /// <summary>
    /// Prunes from the oldest end only, up to the newest old change, so that the retained changes stay one unbroken run
    /// of sequence numbers (what lets <see cref="ItemQueries.ChangesAsync"/> tell a consumer it fell behind).
    /// </summary>
    private static int PruneChanges(SqliteConnection connection, SqliteTransaction transaction,
        string cutoff, int size)
    {
        using var prune = Sql.Command(connection, transaction, """
            DELETE FROM changes WHERE seq IN (
                SELECT seq FROM changes
                WHERE seq <= (SELECT max(seq) FROM changes WHERE at < $cutoff)
                ORDER BY seq LIMIT $size)
            """);
        return prune.With("$cutoff", cutoff).With("$size", size).ExecuteNonQuery();
    }
}
