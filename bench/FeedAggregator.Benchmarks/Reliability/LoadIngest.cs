using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// How ingest goes while the readers run: items in the store (counted by a read-only connection of this process, as a
/// second reader of the file would), the WAL file's size, and, from the service's log, each poll's new items and time
/// taken, tallied for the phase the line arrived in.
/// </summary>
internal sealed partial class LoadIngest : IDisposable
{
    private readonly string databaseFile;
    private readonly SqliteConnection store;
    private readonly List<int> pollMilliseconds = [];
    private readonly Timer walWatch;
    private long newItems;
    private long largestWal;

    public LoadIngest(string databaseFile)
    {
        this.databaseFile = databaseFile;
        store = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly");
        // The WAL's size every quarter of a second: the writer truncates it at its limit, between two samples of the report.
        walWatch = new Timer(_ => InterlockedMax(ref largestWal, WalBytes), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public long Items()
    {
        if (store.State != System.Data.ConnectionState.Open)
        {
            store.Open();
        }

        using var command = store.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items";
        return (long)command.ExecuteScalar()!;
    }

    public long WalBytes => new FileInfo(databaseFile + "-wal") is { Exists: true } wal ? wal.Length : 0;

    /// <summary>The largest WAL seen since the last call.</summary>
    public long TakeLargestWal() => Interlocked.Exchange(ref largestWal, WalBytes);

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Tallies a poll line of the service's log ("Polled {FeedId}: {Result}, {N} new item(s) ({Status}) in {Ms} ms").</summary>
    public void Line(string line)
    {
        if (Polled().Match(line) is { Success: true } poll)
        {
            lock (pollMilliseconds)
            {
                newItems += long.Parse(poll.Groups[1].Value, CultureInfo.InvariantCulture);
                pollMilliseconds.Add(int.Parse(poll.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The polls logged since the last call: how many, their new items, and the median and 99th percentile of their times.</summary>
    public (int Polls, long NewItems, int P50, int P99) TakePolls()
    {
        lock (pollMilliseconds)
        {
            var sorted = pollMilliseconds.Order().ToArray();
            var result = (sorted.Length, newItems, Rank(sorted, 0.50), Rank(sorted, 0.99));
            pollMilliseconds.Clear();
            newItems = 0;
            return result;
        }
    }

    private static int Rank(int[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    public void Dispose()
    {
        walWatch.Dispose();
        store.Dispose();
    }

    [GeneratedRegex(@"Polled \S+: [\w-]+, (\d+) new item\(s\) \([^)]*\) in (\d+) ms")]
    private static partial Regex Polled();
}
