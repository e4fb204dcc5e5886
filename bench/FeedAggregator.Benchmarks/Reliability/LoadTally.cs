using System.Diagnostics;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// One kind of reader's tally over a load run: requests answered, how many with 304, errors (any status other than
/// 2xx and 304, and every transport failure, the first few described), and the latency of every answered request,
/// from sending it to its last byte.
/// </summary>
internal sealed class LoadTally(string kind)
{
    private const int Described = 5;

    private readonly List<long> ticks = [];
    private readonly List<string> errorSamples = [];
    private long requests;
    private long notModified;
    private long errors;

    public string Kind { get; } = kind;

    public void Answered(long elapsedTicks, int status)
    {
        lock (ticks)
        {
            requests++;
            ticks.Add(elapsedTicks);
            if (status == 304)
            {
                notModified++;
            }
        }
    }

    public void Failed(string description)
    {
        lock (ticks)
        {
            errors++;
            if (errorSamples.Count < Described)
            {
                errorSamples.Add(description);
            }
        }
    }

    public LoadResult Result(TimeSpan duration)
    {
        lock (ticks)
        {
            var sorted = ticks.ToArray();
            Array.Sort(sorted);
            return new LoadResult(Kind, requests, notModified, errors, requests / duration.TotalSeconds,
                Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? TimeSpan.Zero : Time(sorted[^1]), [.. errorSamples]);
        }
    }

    /// <summary>Nearest rank: the smallest latency that at least <paramref name="fraction"/> of the requests did not exceed.</summary>
    private static TimeSpan Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? TimeSpan.Zero : Time(sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)]);

    private static TimeSpan Time(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);
}

/// <summary>
/// A kind of reader's figures: <see cref="Requests"/> answered (errors with a status included, transport failures
/// not), <see cref="Errors"/> of both sorts, and latency percentiles over the answered requests.
/// </summary>
internal sealed record LoadResult(
    string Kind, long Requests, long NotModified, long Errors, double PerSecond, TimeSpan P50, TimeSpan P99, TimeSpan Max,
    IReadOnlyList<string> ErrorSamples);
