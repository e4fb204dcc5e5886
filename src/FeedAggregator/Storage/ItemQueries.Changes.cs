using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

public sealed partial class ItemQueries
{
    /// <summary>
    /// The changes after sequence number <paramref name="after"/> (0 for the oldest kept), oldest first. A consumer that
    /// stores the last <see cref="StoreChange.Seq"/> it handled and asks again from there neither misses nor repeats a
    /// change: docs/store.md, "Changes", gives the reasoning.
    /// </summary>
    /// <exception cref="StoreQueryException">A limit out of range, or a negative position.</exception>
    public async Task<ChangesPage> ChangesAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new StoreQueryException("limit", $"limit must be a whole number from 1 to {MaxLimit}, not {limit}");
        }

        if (after < 0)
        {
            throw new StoreQueryException("after", $"after must be a sequence number, 0 or more, not {after}");
        }

        await using var connection = database.OpenRead();
        // One snapshot for both reads, so that the oldest kept change and the page agree.
        using var snapshot = connection.BeginTransaction(deferred: true);
        using var command = Sql.Command(connection, snapshot, """
            SELECT seq, kind, item_uid, feed_id, topic_id, at FROM changes WHERE seq > $after ORDER BY seq LIMIT $limit
            """);
        command.With("$after", after).With("$limit", limit + 1);
        var changes = new List<StoreChange>();
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (changes.Count == limit)
                {
                    more = true;
                    break;
                }

                changes.Add(new StoreChange(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.NullableString(4),
                    StoreTime.Read(reader.GetString(5))));
            }
        }

        return new ChangesPage(changes, more, after + 1 < OldestKept(connection, snapshot));
    }

    /// <summary>
    /// The first sequence number still kept: retention prunes only from the oldest end, so every number from here on
    /// is present. With every change pruned, the one after the newest ever written (SQLite keeps it for AUTOINCREMENT).
    /// </summary>
    private static long OldestKept(SqliteConnection connection, SqliteTransaction snapshot)
    {
        using var command = Sql.Command(connection, snapshot, """
            SELECT coalesce((SELECT min(seq) FROM changes), (SELECT seq + 1 FROM sqlite_sequence WHERE name = 'changes'), 1)
            """);
        return (long)command.ExecuteScalar()!;
    }
}
