using System.Diagnostics;
using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Benchmarks.Storage;

/// <summary>
/// Ingest into a fresh store, in polls of <see cref="StoreData.BatchSize"/> items of one feed, one write transaction each.
/// The feed's RSS is generated, parsed and sanitised outside the clock (both are measured in their own sections).
/// </summary>
internal static class Ingest
{
    /// <summary>What <c>FeedRefresher</c> does between sanitising and storing: normalise each item, match it to the topics.</summary>
    public static List<(NormalisedItem Item, IReadOnlyList<TopicMatch> Topics)> Prepare(ParsedFeed parsed, FeedSource feed, TopicMatcher matcher) =>
        [.. parsed.Items.Select(item => ItemNormaliser.Normalise(item, parsed)).Select(item => (item, matcher.Match(MatchInput.Of(item, feed))))];

    /// <summary>The service's path, timed from the sanitised feed: normalise, match, <see cref="ItemStore.SaveAsync"/> (dedupe lookup, insert, index, changes).</summary>
    public static async Task<TimeSpan> ServiceAsync(StoreParts store, StoreCorpus corpus, TopicMatcher matcher, int items, Action<TimeSpan>? saving = null)
    {
        var (elapsed, save) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var first = 0; first < items; first += StoreData.BatchSize)
        {
            var (feed, parsed) = corpus.Batch(first, Math.Min(StoreData.BatchSize, items - first), first / StoreData.BatchSize % StoreCorpus.FeedCount);
            var clock = Stopwatch.StartNew();
            var prepared = Prepare(parsed, feed, matcher);
            var saved = clock.Elapsed;
            await store.Items.SaveAsync(feed.Id, prepared);
            elapsed += clock.Elapsed;
            save += clock.Elapsed - saved;
        }

        saving?.Invoke(save);
        return elapsed;
    }

    /// <summary>
    /// The service's path as the service runs it: every poll is a job of its own that normalises and matches its items
    /// and then waits for its turn at the single writer, so one poll's preparation runs beside another poll's write.
    /// <paramref name="pollers"/> jobs take the polls in order, one at a time each, as the host's concurrent poll jobs do
    /// (on this machine's two cores, two is what can run at once). The feeds are generated, parsed and sanitised before
    /// the clock starts; the clock runs from the first normalisation to the last commit.
    /// </summary>
    public static async Task<TimeSpan> OverlappedAsync(StoreParts store, StoreCorpus corpus, TopicMatcher matcher, int items, int pollers)
    {
        var batches = new List<(FeedSource Feed, ParsedFeed Parsed)>();
        for (var first = 0; first < items; first += StoreData.BatchSize)
        {
            batches.Add(corpus.Batch(first, Math.Min(StoreData.BatchSize, items - first), first / StoreData.BatchSize % StoreCorpus.FeedCount));
        }

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, pollers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Count; i = Interlocked.Increment(ref next))
            {
                var (feed, parsed) = batches[i];
                await store.Items.SaveAsync(feed.Id, Prepare(parsed, feed, matcher));
            }
        })));
        return clock.Elapsed;
    }

    /// <summary>
    /// The baseline: plain prepared INSERTs, prepared once on one connection opened as the service opens its own (WAL,
    /// synchronous = NORMAL, foreign keys on), of values computed outside the clock (normalised, matched, hashed, folded),
    /// one immediate transaction per poll. With <paramref name="sameRows"/> it writes every row the service writes for a
    /// new item (the item, its index row, its <c>item.added</c> change, each topic row and its <c>topic.joined</c> change,
    /// and the versions of the topics touched); without, only the item and its index row.
    /// </summary>
    public static TimeSpan Baseline(StoreParts store, StoreCorpus corpus, TopicMatcher matcher, int items, bool sameRows)
    {
        using var connection = store.Database.OpenRead();
        using var item = Prepared(connection, """
            INSERT INTO items (id, uid, feed_id, identity, link, title, summary, author, categories, language,
                               published_at, updated_at, first_seen_at, sort_at, content_hash, data, canonical_link)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            """, 17);
        using var index = Prepared(connection, "INSERT INTO items_fts (rowid, title, summary, content) VALUES ($1, $2, $3, $4)", 4);
        using var change = Prepared(connection, "INSERT INTO changes (kind, item_id, item_uid, topic_id, feed_id, at) VALUES ($1, $2, $3, $4, $5, $6)", 6);
        using var member = Prepared(connection, "INSERT INTO topic_items (topic_id, item_id, sort_at, matched_at, explanation) VALUES ($1, $2, $3, $4, $5)", 5);
        using var version = Prepared(connection, """
            INSERT INTO topic_versions (topic_id, version, changed_at) VALUES ($1, 1, $2)
            ON CONFLICT (topic_id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at
            """, 2);
        var elapsed = TimeSpan.Zero;
        long id = 0;
        for (var first = 0; first < items; first += StoreData.BatchSize)
        {
            var (feed, parsed) = corpus.Batch(first, Math.Min(StoreData.BatchSize, items - first), first / StoreData.BatchSize % StoreCorpus.FeedCount);
            var now = DateTimeOffset.UtcNow;
            var at = StoreTime.Write(now);
            var rows = Prepare(parsed, feed, matcher).Select(m => Row(++id, feed.Id, m.Item, m.Topics, now)).ToList();
            var touched = rows.SelectMany(r => r.Topics.Select(t => t.Topic)).Distinct(StringComparer.Ordinal).ToList();
            var clock = Stopwatch.StartNew();
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                foreach (var row in rows)
                {
                    Run(item, transaction, row.Item);
                    Run(index, transaction, row.Index);
                    if (!sameRows)
                    {
                        continue;
                    }

                    Run(change, transaction, ChangeKinds.ItemAdded, row.Id, row.Uid, null, feed.Id, at);
                    foreach (var (topic, explanation) in row.Topics)
                    {
                        Run(member, transaction, topic, row.Id, row.SortAt, at, explanation);
                        Run(change, transaction, ChangeKinds.TopicJoined, row.Id, row.Uid, topic, feed.Id, at);
                    }
                }

                if (sameRows)
                {
                    foreach (var topic in touched)
                    {
                        Run(version, transaction, topic, at);
                    }
                }

                transaction.Commit();
            }

            elapsed += clock.Elapsed;
        }

        return elapsed;
    }

    private sealed record BaselineRow(long Id, string Uid, string SortAt, object?[] Item, object?[] Index, IReadOnlyList<(string Topic, string Explanation)> Topics);

    private static BaselineRow Row(long id, string feedId, NormalisedItem item, IReadOnlyList<TopicMatch> topics, DateTimeOffset now)
    {
        var uid = ItemStore.ItemUid(feedId, item.Identity);
        var sortAt = StoreTime.Write(item.Published is { } published && published <= now ? published : now);
        object?[] columns =
        [
            id, uid, feedId, item.Identity, item.Link, item.Title, item.Summary, item.Author, JsonSerializer.Serialize(item.Categories),
            item.Language, StoreTime.Write(item.Published), StoreTime.Write(item.Updated), StoreTime.Write(now), sortAt,
            item.ContentHash, item.Data, CanonicalLink.Of(item.Link),
        ];
        object?[] index = [id, SearchIndex.Fold(item.Title), SearchIndex.Fold(item.Summary), SearchIndex.Fold(SearchIndex.Content(item.Content, item.Summary))];
        return new BaselineRow(id, uid, sortAt, columns, index, [.. topics.Select(t => (t.TopicId, TopicMatchJson.Write(t.Explanation)))]);
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var p = 1; p <= parameters; p++)
        {
            command.Parameters.Add(new SqliteParameter("$" + p, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var p = 0; p < values.Length; p++)
        {
            command.Parameters[p].Value = values[p] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
