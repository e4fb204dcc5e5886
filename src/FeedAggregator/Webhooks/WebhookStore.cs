using System.Text.Json;
using FeedAggregator.Storage;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Webhooks;

/// <summary>
/// Each endpoint's row of <c>webhook_deliveries</c>, and the batches it takes from the change feed. Every step of a
/// delivery is written before the next is taken, so a restart resumes exactly where the last run stood.
/// </summary>
internal sealed class WebhookStore(Database database)
{
    private const string Columns = """
        endpoint, last_delivered_seq, last_delivered_at, pending_seq, pending_last_seq, pending_body, attempts,
        next_attempt_at, last_attempt_at, last_status, last_error, failed_seq, failed_last_seq, failed_at, failed_error
        """;

    /// <summary>
    /// Gives each endpoint not seen before a row at the newest change ever written: it receives what happens from now
    /// on, not the store's history. Endpoints that have a row keep their position.
    /// </summary>
    public Task EnsureAsync(IEnumerable<string> endpoints, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var insert = Sql.Command(connection, transaction, """
                INSERT INTO webhook_deliveries (endpoint, last_delivered_seq, updated_at)
                VALUES ($endpoint, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0), $now)
                ON CONFLICT (endpoint) DO NOTHING
                """);
            foreach (var endpoint in endpoints)
            {
                insert.With("$endpoint", endpoint).With("$now", StoreTime.Write(now)).ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, DeliveryState>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"SELECT {Columns} FROM webhook_deliveries");
        var states = new Dictionary<string, DeliveryState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = Read(reader);
            states[state.Endpoint] = state;
        }

        return states;
    }

    public async Task<DeliveryState> ReadAsync(string endpoint, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"SELECT {Columns} FROM webhook_deliveries WHERE endpoint = $endpoint");
        await using var reader = await command.With("$endpoint", endpoint).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? Read(reader)
            : throw new InvalidOperationException($"webhook endpoint {endpoint} has no delivery row");
    }

    /// <summary>
    /// The next batch after the endpoint's position: up to <paramref name="batchSize"/> changes of its kinds and topics,
    /// recorded as pending before it is returned. With none, the position moves past the changes that did not match,
    /// so they are not read again; null then.
    /// </summary>
    public async Task<PendingBatch?> NextBatchAsync(WebhookEndpointSetting endpoint, long after, int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (changes, head) = await ReadChangesAsync(endpoint, after, batchSize, cancellationToken).ConfigureAwait(false);
        var name = endpoint.Name!;
        if (changes.Count == 0)
        {
            if (head > after)
            {
                await UpdateAsync(name, "last_delivered_seq = $head", ("$head", head), now, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        var batch = new PendingBatch(changes[0].Seq, changes[^1].Seq, WebhookPayload.Build(name, changes));
        await UpdateAsync(name, """
            pending_seq = $first, pending_last_seq = $last, pending_body = $body, attempts = 0, next_attempt_at = $now
            """, [("$first", batch.FirstSeq), ("$last", batch.LastSeq), ("$body", batch.Body)], now, cancellationToken).ConfigureAwait(false);
        return batch;
    }

    public Task DeliveredAsync(string endpoint, PendingBatch batch, int status, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(endpoint, """
            last_delivered_seq = $last, last_delivered_at = $now, pending_seq = NULL, pending_last_seq = NULL, pending_body = NULL,
            attempts = 0, next_attempt_at = NULL, last_attempt_at = $now, last_status = $status, last_error = NULL
            """, [("$last", batch.LastSeq), ("$status", status)], now, cancellationToken);

    public Task RetryLaterAsync(string endpoint, int attempts, DateTimeOffset next, AttemptResult result, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(endpoint, """
            attempts = $attempts, next_attempt_at = $next, last_attempt_at = $now, last_status = $status, last_error = $error
            """, [("$attempts", attempts), ("$next", StoreTime.Write(next)), ("$status", result.Status), ("$error", result.Error)], now, cancellationToken);

    /// <summary>Records the batch as failed and moves past it, so one batch a receiver refuses never blocks the ones after it.</summary>
    public Task GiveUpAsync(string endpoint, PendingBatch batch, AttemptResult result, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(endpoint, """
            last_delivered_seq = $last, pending_seq = NULL, pending_last_seq = NULL, pending_body = NULL, attempts = 0,
            next_attempt_at = NULL, last_attempt_at = $now, last_status = $status, last_error = $error,
            failed_seq = $first, failed_last_seq = $last, failed_at = $now, failed_error = $error
            """, [("$first", batch.FirstSeq), ("$last", batch.LastSeq), ("$status", result.Status), ("$error", result.Error)], now, cancellationToken);

    private async Task<(List<WebhookChange> Changes, long Head)> ReadChangesAsync(
        WebhookEndpointSetting endpoint, long after, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        // One snapshot: when nothing up to the head matches, the position may move to the head without missing a change.
        using var snapshot = connection.BeginTransaction(deferred: true);
        using var headCommand = Sql.Command(connection, snapshot, "SELECT coalesce(max(seq), 0) FROM changes");
        var head = (long)(await headCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        using var command = Sql.Command(connection, snapshot, """
            SELECT c.seq, c.kind, c.topic_id, c.at, c.item_uid, c.feed_id, i.title, i.link, i.published_at, i.summary, i.language
            FROM changes c LEFT JOIN items i ON i.uid = c.item_uid
            WHERE c.seq > $after AND c.seq <= $head
              AND c.kind IN (SELECT value FROM json_each($kinds))
              AND c.topic_id IN (SELECT value FROM json_each($topics))
            ORDER BY c.seq
            LIMIT $limit
            """);
        command.With("$after", after).With("$head", head).With("$limit", batchSize)
            .With("$kinds", JsonSerializer.Serialize(endpoint.EffectiveEvents))
            .With("$topics", JsonSerializer.Serialize(endpoint.Topics));
        var changes = new List<WebhookChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new WebhookChange(
                reader.GetInt64(0), reader.GetString(1), reader.NullableString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.NullableString(6), reader.NullableString(7), reader.NullableString(8), reader.NullableString(9), reader.NullableString(10)));
        }

        return (changes, head);
    }

    private Task UpdateAsync(string endpoint, string set, (string Name, object? Value) value, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(endpoint, set, [value], now, cancellationToken);

    private Task UpdateAsync(string endpoint, string set, (string Name, object? Value)[] values, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var update = Sql.Command(connection, transaction, $"UPDATE webhook_deliveries SET {set}, updated_at = $updated WHERE endpoint = $endpoint");
            update.With("$endpoint", endpoint).With("$updated", StoreTime.Write(now));
            if (update.Parameters.Contains("$now"))
            {
                update.With("$now", StoreTime.Write(now));
            }

            foreach (var (name, value) in values)
            {
                update.With(name, value);
            }

            return update.ExecuteNonQuery();
        }, cancellationToken);

    private static DeliveryState Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        StoreTime.ReadNullable(reader.GetValue(2)),
        reader.IsDBNull(3) ? null : new PendingBatch(reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5)),
        (int)reader.GetInt64(6),
        StoreTime.ReadNullable(reader.GetValue(7)),
        StoreTime.ReadNullable(reader.GetValue(8)),
        reader.IsDBNull(9) ? null : (int)reader.GetInt64(9),
        reader.NullableString(10),
        reader.IsDBNull(11) ? null : new FailedBatch(reader.GetInt64(11), reader.GetInt64(12), StoreTime.Read(reader.GetString(13)), reader.NullableString(14)));
}
