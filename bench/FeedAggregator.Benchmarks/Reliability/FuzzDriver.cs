using System.Globalization;
using System.Security.Cryptography;
using FeedAggregator.Tests.Reliability;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// The fuzz campaign at scale: a million mutated fixtures through parse and normalise, on every core, with a random
/// seed that is printed first so that any failure can be replayed.
/// <code>
/// dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- fuzz [--cases 1000000] [--seed N] [--threads N] [--minutes M]
/// dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- fuzz --seed N --case I [--write case.bin]
/// </code>
/// Targets (issue 9): no case crashes, none outlives the 5 s deadline, none allocates more than 512 bytes per input byte
/// plus 16 MiB (FuzzLimits says why). The CI test (FuzzTests) runs 3,000 cases of a fixed seed with the same generator
/// and limits, but twice the deadline.
/// </summary>
internal static class FuzzDriver
{
    public static int Run(string[] args)
    {
        var seed = Option(args, "--seed") is { } given ? ulong.Parse(given, CultureInfo.InvariantCulture) : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        var fixturesDirectory = Path.Combine(BenchRepository.Root, "tests", "FeedAggregator.Tests", "Fixtures");
        var mutator = new FuzzMutator(FuzzFixture.Load(fixturesDirectory));
        var limits = FuzzLimits.Default with
        {
            Deadline = TimeSpan.FromSeconds(double.Parse(Option(args, "--deadline") ?? "5", CultureInfo.InvariantCulture)),
        };

        if (Option(args, "--case") is { } single)
        {
            return Replay(mutator, seed, long.Parse(single, CultureInfo.InvariantCulture), limits, Option(args, "--write"));
        }

        var cases = long.Parse(Option(args, "--cases") ?? "1000000", CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource();
        if (Option(args, "--minutes") is { } minutes)
        {
            stop.CancelAfter(TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture)));
        }

        Console.CancelKeyPress += (_, e) =>
        {
            // Ctrl+C: finish the cases under way and print the summary.
            e.Cancel = true;
            stop.Cancel();
        };

        var threads = int.Parse(Option(args, "--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        Console.WriteLine($"fuzz: seed {seed}, {cases:N0} cases, {threads} thread(s), {mutator.Fixtures.Count} fixtures from {fixturesDirectory}");
        Console.WriteLine($"replay one case: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- fuzz --seed {seed} --case N");
        var started = DateTime.UtcNow;
        var report = new FuzzCampaign(mutator, seed, limits).Run(
            0,
            cases,
            threads,
            TimeSpan.FromSeconds(30),
            progress => Console.WriteLine(
                $"{DateTime.UtcNow - started:hh\\:mm\\:ss} {progress.Cases:N0} cases ({progress.Cases / (DateTime.UtcNow - started).TotalSeconds:N0}/s), "
                + $"{progress.FailureCount} failure(s), slowest {progress.Slowest.TotalMilliseconds:N0} ms, seed {seed}"),
            failure => Console.WriteLine($"FAILED ({failure.Kind}) seed {seed} case {failure.Case.Index}: {failure}"),
            stop.Token);

        var elapsed = DateTime.UtcNow - started;
        Console.WriteLine();
        Console.Write(report.Summary());
        Console.WriteLine($"{elapsed:hh\\:mm\\:ss} for {report.Cases:N0} cases: {report.Cases / elapsed.TotalSeconds:N0} cases/s on {threads} thread(s)");
        Console.WriteLine($"seed {seed}: cases 0 to {report.Cases - 1:N0} run, {report.FailureCount} failure(s){(report.Cases < cases ? $", stopped {cases - report.Cases:N0} case(s) short" : "")}");
        return report.FailureCount == 0 && report.Cases == cases ? 0 : 1;
    }

    private static int Replay(FuzzMutator mutator, ulong seed, long index, FuzzLimits limits, string? writeTo)
    {
        var fuzzCase = mutator.Generate(seed, index);
        Console.WriteLine(fuzzCase);
        if (writeTo is not null)
        {
            File.WriteAllBytes(writeTo, fuzzCase.Bytes);
            Console.WriteLine($"bytes written to {writeTo}");
        }

        var result = FuzzPipeline.Run(fuzzCase);
        Console.WriteLine($"{result.Outcome}, {result.Items} item(s), {result.Elapsed.TotalMilliseconds:N1} ms, {result.AllocatedBytes:N0} bytes allocated (limit {limits.AllowedBytes(fuzzCase.Bytes.Length):N0})");
        if (result.Error is not null)
        {
            Console.WriteLine(result.Error);
        }

        if (result.Swallowed is not null)
        {
            Console.WriteLine(result.Swallowed);
        }

        return result.Error is null && result.Swallowed is null && result.AllocatedBytes <= limits.AllowedBytes(fuzzCase.Bytes.Length) && result.Elapsed <= limits.Deadline ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
