using System.Collections.Concurrent;
using System.Diagnostics;

namespace FeedAggregator.Tests.Reliability;

/// <summary>How long a case may run and how much it may allocate before it counts as a failure.</summary>
/// <param name="Deadline">Generous: a case this slow is hung, not slow.</param>
/// <param name="BytesPerInputByte">Allocation allowed per byte of input, on top of <paramref name="FixedBytes"/>.</param>
/// <remarks>
/// The allowance per byte is generous on purpose. HTML as dense as markup gets (<c>&lt;li&gt;</c> or <c>&lt;a&gt;</c>
/// over and over, three bytes an element) costs the HTML parser 300 to 500 bytes per element, and a text is parsed up
/// to three times (sanitised, sanitised again when the markup was broken, then read as plain text): a cost that grows
/// with the input, like every other here. What the limit is there to catch grows faster: before the fixes it found
/// cases of 285 and of 15,000 bytes per byte, and those grew with the square of the input.
/// </remarks>
internal sealed record FuzzLimits(TimeSpan Deadline, int BytesPerInputByte, long FixedBytes)
{
    public static readonly FuzzLimits Default = new(TimeSpan.FromSeconds(5), 512, 16 * 1024 * 1024);

    public long AllowedBytes(int inputBytes) => ((long)BytesPerInputByte * inputBytes) + FixedBytes;
}

/// <summary>A case that crashed, hung or allocated past its limit, with what rebuilds it.</summary>
internal sealed record FuzzFailure(string Kind, FuzzCase Case, string Message)
{
    public override string ToString() => $"{Kind}: {Case}: {Message}";
}

/// <summary>
/// Runs cases [first, first + count) of one seed on worker threads of the default stack size (the size the service's
/// own threads have, so nesting that would overflow there overflows here), each case timed and its allocations counted.
/// A watchdog on the calling thread reports any case that outlives the deadline, by index, seed and mutation; it cannot
/// stop the case, so a campaign with a hung case returns once the other workers are done and leaves that thread behind.
/// </summary>
internal sealed class FuzzCampaign(FuzzMutator mutator, ulong seed, FuzzLimits limits)
{
    private const long Idle = -1;

    /// <param name="stop">Once cancelled, no further case starts: the cases run are still [first, first + report.Cases).</param>
    public FuzzReport Run(
        long first,
        long count,
        int threads,
        TimeSpan progressEvery = default,
        Action<FuzzReport>? progress = null,
        Action<FuzzFailure>? failed = null,
        CancellationToken stop = default)
    {
        var report = new FuzzReport(seed, limits);
        var next = first;
        var end = first + count;
        var running = new long[threads];
        var startedAt = new long[threads];
        var cases = new FuzzCase?[threads];
        var hung = new ConcurrentDictionary<long, bool>();
        Array.Fill(running, Idle);

        void Report(FuzzFailure failure)
        {
            report.Fail(failure);
            failed?.Invoke(failure);
        }

        void Work(int slot)
        {
            // A thread's first documents pay for code compiled and per-thread caches made once: not what a case costs.
            foreach (var fixture in mutator.Fixtures)
            {
                FuzzPipeline.Run(new FuzzCase(seed, -1, fixture.Name, [], "warm-up", fixture.Bytes, null, null));
            }

            long index;
            while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref next) - 1) < end)
            {
                var fuzzCase = mutator.Generate(seed, index);
                Volatile.Write(ref cases[slot], fuzzCase);
                Volatile.Write(ref startedAt[slot], Stopwatch.GetTimestamp());
                Volatile.Write(ref running[slot], index);
                var result = FuzzPipeline.Run(fuzzCase);
                Volatile.Write(ref running[slot], Idle);
                report.Add(fuzzCase, result);
                if (result.Error is { } error)
                {
                    Report(new FuzzFailure("crash", fuzzCase, error.ToString()));
                }
                else if (result.Outcome == FuzzOutcome.Swallowed)
                {
                    Report(new FuzzFailure("swallowed", fuzzCase, $"an exception inside the parser was caught: {result.Swallowed}"));
                }
                else if (result.AllocatedBytes > limits.AllowedBytes(fuzzCase.Bytes.Length))
                {
                    Report(new FuzzFailure("allocation", fuzzCase, $"allocated {result.AllocatedBytes:N0} bytes, over {limits.AllowedBytes(fuzzCase.Bytes.Length):N0}"));
                }
                else if (result.Elapsed > limits.Deadline && !hung.ContainsKey(index))
                {
                    Report(new FuzzFailure("slow", fuzzCase, $"took {result.Elapsed.TotalSeconds:F1} s, over {limits.Deadline.TotalSeconds:F0} s"));
                }
            }
        }

        var workers = Enumerable.Range(0, threads)
            .Select(slot => new Thread(() => Work(slot)) { IsBackground = true, Name = $"fuzz-{slot}" })
            .ToList();
        workers.ForEach(worker => worker.Start());
        var lastProgress = Stopwatch.GetTimestamp();
        while (true)
        {
            var live = workers.Where(worker => worker.IsAlive).ToList();
            for (var slot = 0; slot < threads; slot++)
            {
                var index = Volatile.Read(ref running[slot]);
                if (index != Idle && !hung.ContainsKey(index)
                    && Stopwatch.GetElapsedTime(Volatile.Read(ref startedAt[slot])) > limits.Deadline
                    && Volatile.Read(ref cases[slot]) is { } stuck && stuck.Index == index)
                {
                    hung[index] = true;
                    Report(new FuzzFailure("hang", stuck, $"still running after {limits.Deadline.TotalSeconds:F0} s"));
                }
            }

            // Done when every worker has finished, or when the only ones left are stuck in a hung case.
            if (live.Count == 0 || live.Count <= hung.Keys.Count(index => running.Contains(index)))
            {
                break;
            }

            live[0].Join(TimeSpan.FromMilliseconds(100));
            if (progress is not null && Stopwatch.GetElapsedTime(lastProgress) >= progressEvery)
            {
                lastProgress = Stopwatch.GetTimestamp();
                progress(report);
            }
        }

        return report;
    }
}
