using System.Globalization;
using System.Runtime.InteropServices;
using FeedAggregator.Tests.Reliability;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// Crash safety (docs/reliability.md): the real service, as its own process, killed with SIGKILL at random moments during
/// ingest and started again, 100 times by default. The loop itself is shared with the CI test
/// (tests/FeedAggregator.Tests/Reliability, linked into this project).
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- crash [--first-starts 10] [--kills 100] [--seed N] [--feeds 100] [--hosts 8] [--poll-seconds 10] [--item-ms 1000] [--window 60] [--startup-percent 20] [--aimed-percent 50]</c>
/// </summary>
internal static class CrashDriver
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seed = Option(args, "--seed", Random.Shared.Next(1, 1_000_000));
        var folder = Path.Combine(Path.GetTempPath(), "feedaggregator-crash", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var defaults = new CrashOptions { Folder = folder, RepositoryRoot = BenchRepository.Root };
        var options = defaults with
        {
            Kills = Option(args, "--kills", defaults.Kills),
            FirstStarts = Option(args, "--first-starts", defaults.FirstStarts),
            Seed = seed,
            Feeds = Option(args, "--feeds", defaults.Feeds),
            Hosts = Option(args, "--hosts", defaults.Hosts),
            PollSeconds = Option(args, "--poll-seconds", defaults.PollSeconds),
            ItemPeriod = TimeSpan.FromMilliseconds(Option(args, "--item-ms", (int)defaults.ItemPeriod.TotalMilliseconds)),
            Window = Option(args, "--window", defaults.Window),
            StartupShare = Option(args, "--startup-percent", (int)(defaults.StartupShare * 100)) / 100.0,
            AimedShare = Option(args, "--aimed-percent", (int)(defaults.AimedShare * 100)) / 100.0,
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash: replay with  dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- crash --first-starts {options.FirstStarts} --kills {options.Kills} --seed {seed} --feeds {options.Feeds} --hosts {options.Hosts} --poll-seconds {options.PollSeconds} --item-ms {options.ItemPeriod.TotalMilliseconds} --window {options.Window} --startup-percent {options.StartupShare * 100} --aimed-percent {options.AimedShare * 100}"));
        // Stopped by Ctrl+C or SIGTERM, the driver leaves no service process behind. It exits itself: the publisher's host
        // would otherwise take the signal as a request to stop only the publisher.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Abandon());
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Abandon());
        var report = await new CrashLoop(options, Console.Out).RunAsync();
        Console.WriteLine();
        Console.Write(report.Describe());
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static void Abandon()
    {
        CrashService.KillAll();
        Environment.Exit(130);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
