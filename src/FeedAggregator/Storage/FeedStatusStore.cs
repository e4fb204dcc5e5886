using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>Each feed's health and fetch state, kept in the store so it survives restarts and other programs can read it.</summary>
public sealed class FeedStatusStore(Database database)
{
    private const string Columns = """
        id, url, last_poll_at, last_success_at, last_http_status, last_error_class, last_error,
        consecutive_failures, items_added_last, next_poll_at, state, last_result,
        etag, last_modified, body_hash, ttl_minutes, effective_url, moved_from, redirect_target, redirect_polls
        """;

    public Task RecordAsync(PollOutcome outcome, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var command = Sql.Command(connection, transaction, """
                INSERT INTO feeds (id, url, title, last_poll_at, last_success_at, last_http_status, last_error_class, last_error,
                                   consecutive_failures, items_added_last, next_poll_at, state, last_result,
                                   etag, last_modified, body_hash, ttl_minutes, effective_url, moved_from, redirect_target, redirect_polls)
                VALUES ($id, $url, $title, $polled, CASE WHEN $failed THEN NULL ELSE $polled END, $status, $class, $error,
                        $failed, $added, $next, $state, $result,
                        $etag, $modified, $hash, $ttl, $effective, $movedfrom, $target, $redirects)
                ON CONFLICT (id) DO UPDATE SET
                    url = excluded.url,
                    title = coalesce(excluded.title, feeds.title),
                    last_poll_at = excluded.last_poll_at,
                    last_success_at = CASE WHEN $failed THEN feeds.last_success_at ELSE excluded.last_poll_at END,
                    last_http_status = excluded.last_http_status,
                    last_error_class = excluded.last_error_class,
                    last_error = excluded.last_error,
                    consecutive_failures = CASE WHEN $failed THEN feeds.consecutive_failures + 1 ELSE 0 END,
                    items_added_last = excluded.items_added_last,
                    next_poll_at = excluded.next_poll_at,
                    state = excluded.state,
                    last_result = excluded.last_result,
                    etag = excluded.etag,
                    last_modified = excluded.last_modified,
                    body_hash = excluded.body_hash,
                    ttl_minutes = excluded.ttl_minutes,
                    effective_url = excluded.effective_url,
                    moved_from = excluded.moved_from,
                    redirect_target = excluded.redirect_target,
                    redirect_polls = excluded.redirect_polls
                """);
            var fetch = outcome.Fetch;
            command.With("$id", outcome.FeedId).With("$url", outcome.Url).With("$title", outcome.Title)
                .With("$polled", StoreTime.Write(outcome.PolledAt)).With("$failed", outcome.Succeeded ? 0 : 1)
                .With("$status", outcome.HttpStatus).With("$class", outcome.ErrorClass).With("$error", outcome.Error)
                .With("$added", outcome.ItemsAdded).With("$next", StoreTime.Write(outcome.NextPollAt))
                .With("$state", outcome.State).With("$result", outcome.Result)
                .With("$etag", fetch.ETag).With("$modified", fetch.LastModified).With("$hash", fetch.BodyHash)
                .With("$ttl", fetch.TtlMinutes).With("$effective", fetch.EffectiveUrl).With("$movedfrom", fetch.MovedFrom)
                .With("$target", fetch.RedirectTarget).With("$redirects", fetch.RedirectPolls);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public async Task<FeedStatus?> GetAsync(string feedId, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"SELECT {Columns} FROM feeds WHERE id = $id").With("$id", feedId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyDictionary<string, FeedStatus>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        using var command = Sql.Command(connection, null, $"SELECT {Columns} FROM feeds");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var statuses = new Dictionary<string, FeedStatus>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            statuses[reader.GetString(0)] = Read(reader);
        }

        return statuses;
    }

    private static FeedStatus Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        StoreTime.ReadNullable(reader.GetValue(2)),
        StoreTime.ReadNullable(reader.GetValue(3)),
        reader.IsDBNull(4) ? null : reader.GetInt32(4),
        reader.NullableString(5),
        reader.NullableString(6),
        reader.GetInt32(7),
        reader.GetInt32(8),
        StoreTime.ReadNullable(reader.GetValue(9)))
    {
        State = reader.GetString(10),
        LastResult = reader.NullableString(11),
        Fetch = new FeedFetchState(
            reader.NullableString(12),
            reader.NullableString(13),
            reader.NullableString(14),
            reader.IsDBNull(15) ? null : reader.GetInt32(15),
            reader.NullableString(16),
            reader.NullableString(17),
            reader.NullableString(18),
            reader.GetInt32(19)),
    };
}
