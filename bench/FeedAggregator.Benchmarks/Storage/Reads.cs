using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Storage;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Benchmarks.Storage;

/// <summary>
/// Read latencies on the built store, each beside a raw baseline: one SELECT prepared once on a connection kept open,
/// returning the same rows with the same columns, every value read. Calls alternate (ours, raw, raw, ours …) so that
/// both see the same machine; median and 95th percentile of single calls.
/// </summary>
internal static class Reads
{
    public sealed record Result(string Name, int Calls, int Rows, double Median, double P95, double RawMedian, double RawP95)
    {
        public double Ratio => Median / RawMedian;
    }

    /// <summary>Newest first within a topic, as a topic feed's first page and the item list's topic filter read it.</summary>
    private const string TopicSql = $"""
        SELECT {TopicItemStore.ItemColumns}, i.data, t.sort_at
        FROM topic_items t JOIN items i ON i.id = t.item_id LEFT JOIN feeds f ON f.id = i.feed_id
        WHERE t.topic_id = $topic
        ORDER BY t.sort_at DESC, t.item_id DESC
        LIMIT $limit
        """;

    /// <summary>The page ranked from the index alone, then its rows read (joined first, every match's row is read).</summary>
    private const string SearchSql = $"""
        SELECT {TopicItemStore.ItemColumns}, i.data, h.rank
        FROM (SELECT rowid AS id, bm25(items_fts, 4.0, 2.0, 1.0) AS rank FROM items_fts WHERE items_fts MATCH $q
              ORDER BY rank, rowid DESC LIMIT $limit) h
        JOIN items i ON i.id = h.id LEFT JOIN feeds f ON f.id = i.feed_id
        ORDER BY h.rank, h.id DESC
        """;

    public static async Task<Result> TopicPageAsync(StoreParts store, string topic, int iterations) =>
        await CompareAsync($"topic page, {topic}", store, TopicSql, ("$topic", topic), 50, iterations,
            async () => Ids((await store.Topics.PageAsync(topic, 50, null)).Items.Select(i => i.Item.Id)));

    public static async Task<Result> TopicListAsync(StoreParts store, string topic, int iterations) =>
        await CompareAsync($"item list, topic={topic}", store, TopicSql, ("$topic", topic), 50, iterations,
            async () => Ids((await store.Queries.ListAsync(new ItemFilter { Topic = topic }, 50)).Items.Select(i => i.Item.Id)));

    public static async Task<Result> SearchAsync(StoreParts store, string query, int iterations) =>
        await CompareAsync($"search {query}", store, SearchSql, ("$q", query), 20, iterations,
            async () => Ids((await store.Queries.ListAsync(new ItemFilter { Query = query }, 20)).Items.Select(i => i.Item.Id)));

    private static async Task<Result> CompareAsync(
        string name, StoreParts store, string sql, (string Name, string Value) parameter, int limit, int iterations, Func<Task<string>> ours)
    {
        await using var connection = store.Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        command.Parameters.AddWithValue("$limit", limit);
        command.Prepare();
        string Raw()
        {
            var ids = new List<long>(limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var c = 1; c < reader.FieldCount; c++)
                {
                    reader.GetValue(c);
                }

                ids.Add(reader.GetInt64(0));
            }

            return Ids(ids);
        }

        var (expected, actual) = (Raw(), await ours());
        if (expected != actual)
        {
            throw new InvalidOperationException($"{name}: the raw query and ours return different rows:\n  raw  {expected}\n  ours {actual}");
        }

        for (var i = 0; i < Math.Min(50, iterations / 10); i++)
        {
            Raw();
            await ours();
        }

        // A query that takes tens of milliseconds gets fewer calls, so that every comparison takes about 10 s.
        iterations = (int)Math.Clamp(5000 / Math.Max(Time(Raw), 0.001), Math.Min(100, iterations), iterations);
        var (mine, raw) = (new double[iterations], new double[iterations]);
        for (var i = 0; i < iterations; i++)
        {
            if (i % 2 == 0)
            {
                mine[i] = await TimeAsync(ours);
                raw[i] = Time(Raw);
            }
            else
            {
                raw[i] = Time(Raw);
                mine[i] = await TimeAsync(ours);
            }
        }

        return new Result(name, iterations, expected.Count(c => c == ',') + (expected.Length > 0 ? 1 : 0),
            Percentile(mine, 0.5), Percentile(mine, 0.95), Percentile(raw, 0.5), Percentile(raw, 0.95));
    }

    /// <summary>How many items a full-text query matches, to tell a rare word from a common one.</summary>
    public static long Matches(StoreParts store, string query)
    {
        using var connection = store.Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items_fts WHERE items_fts MATCH $q";
        command.Parameters.AddWithValue("$q", query);
        return (long)command.ExecuteScalar()!;
    }

    public static long TopicSize(StoreParts store, string topic)
    {
        using var connection = store.Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM topic_items WHERE topic_id = $topic";
        command.Parameters.AddWithValue("$topic", topic);
        return (long)command.ExecuteScalar()!;
    }

    private static string Ids(IEnumerable<long> ids) => string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    private static double Time(Func<string> work)
    {
        var start = Stopwatch.GetTimestamp();
        work();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task<string>> work)
    {
        var start = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}
