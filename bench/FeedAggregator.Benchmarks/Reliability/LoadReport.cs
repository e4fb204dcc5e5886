using System.Globalization;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>The load driver's tables and verdict, as Markdown rows so that docs/performance.md can take them as they are.</summary>
internal static class LoadReport
{
    public static void Readers(TextWriter output, IReadOnlyList<LoadResult> results)
    {
        output.WriteLine("| request | requests | per second | 304 | errors | p50 | p99 | max |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results.Append(Total(results)))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Kind} | {r.Requests:N0} | {r.PerSecond:0.0} | {r.NotModified:N0} | {r.Errors:N0} | {Ms(r.P50)} | {Ms(r.P99)} | {Ms(r.Max)} |"));
        }

        foreach (var r in results.Where(r => r.Errors > 0))
        {
            output.WriteLine($"errors of {r.Kind}:");
            foreach (var sample in r.ErrorSamples)
            {
                output.WriteLine($"  {sample}");
            }
        }
    }

    public static void Ingest(TextWriter output, string phase, LoadSnapshot from, LoadSnapshot to, (int Polls, long NewItems, int P50, int P99) polls)
    {
        var seconds = (to.At - from.At).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest {phase} ({seconds:0} s): {(to.Items - from.Items) / seconds:0.0} items stored/s ({to.Items - from.Items:N0}), "
            + $"{(to.Polls - from.Polls) / seconds:0.0} polls/s, {polls.Polls:N0} polls logged with {polls.NewItems:N0} new items, "
            + $"poll time p50 {polls.P50} ms, p99 {polls.P99} ms; service CPU {(to.Cpu - from.Cpu).TotalSeconds / seconds:0.00} cores"));
    }

    /// <summary>0 when no request failed, the log has no locked and no error line, items were stored under load, and the service exited 0.</summary>
    public static int Verdict(TextWriter output, IReadOnlyList<LoadResult> results, LoadService service, long storedUnderLoad)
    {
        var errors = results.Sum(r => r.Errors);
        output.WriteLine($"result: {errors} request errors, {service.LockedLines} \"database is locked\" lines, {service.ErrorLines} error lines, "
            + $"{service.WarningLines} warning lines in the service's log; {storedUnderLoad:N0} items stored under load; service exit code {service.ExitCode}");
        foreach (var line in service.Problems)
        {
            output.WriteLine($"  {line}");
        }

        return errors == 0 && service.LockedLines == 0 && service.ErrorLines == 0 && storedUnderLoad > 0 && service.ExitCode == 0 ? 0 : 1;
    }

    private static LoadResult Total(IReadOnlyList<LoadResult> results) => new(
        "all", results.Sum(r => r.Requests), results.Sum(r => r.NotModified), results.Sum(r => r.Errors), results.Sum(r => r.PerSecond),
        TimeSpan.Zero, TimeSpan.Zero, results.Count == 0 ? TimeSpan.Zero : results.Max(r => r.Max), []);

    private static string Ms(TimeSpan time) => time == TimeSpan.Zero ? "" : time.TotalMilliseconds switch
    {
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.0} ms"),
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.0} s"),
    };
}
