using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Benchmarks.Soak;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// Load while ingesting (issue 9): the real service, as its own process, polls a loopback <see cref="Publisher"/> whose
/// feeds keep gaining items, first alone (the baseline), then while <see cref="LoadReaders"/> read its topic feeds and
/// API for several minutes. Reports per kind of request the requests, errors and p50/p99/max latency; the ingest rate
/// (items stored and polls per second, poll times, the largest WAL) alone and under load; and every "database is locked"
/// or error line of the service's log. Exits 1 on any error, locked line or error line, when ingest stopped under load,
/// or when the service did not exit 0 on SIGTERM.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- load [--minutes 5] [--feeds 2000] [--connections 2] [--baseline-seconds 120]</c>
/// </summary>
internal static class LoadDriver
{
    private const string Topic = "human-trafficking";

    // Every item of the publisher speaks of trafficking and rehabilitation: the first two match the whole store.
    private static readonly string[] Queries = ["trafficking", "\"publisher 42\"", "rehabilitation victims", "shelt* AND 1234", "\"report 77\""];

    // The shortest interval feeds.json allows; the publisher turns its cycles at the same pace.
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = Option(args, "--minutes", 5);
        var feedCount = Option(args, "--feeds", 2000);
        var hostCount = Option(args, "--hosts", 20);
        var connections = Option(args, "--connections", 2);
        var baseline = TimeSpan.FromSeconds(Option(args, "--baseline-seconds", 120));
        var folder = Path.Combine(Path.GetTempPath(), "feedaggregator-load", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"load: {feedCount} feeds on {hostCount} loopback hosts polled every {Interval.TotalSeconds:0} s; baseline {baseline.TotalSeconds:0} s, "
            + $"then {minutes} min of readers ({connections} connections per kind); files in {folder}");

        await using var publisher = await Publisher.StartAsync(feedCount, hostCount, Interval);
        WriteConfig(folder, publisher, feedCount);
        await using var service = await LoadService.StartAsync(BenchRepository.Root, Path.Combine(folder, "service.log"),
        [
            $"--Aggregator:DataDirectory={Path.Combine(folder, "data")}",
            $"--Aggregator:FeedsFile={Path.Combine(folder, "feeds.json")}",
            $"--Aggregator:TopicsFile={Path.Combine(folder, "topics.json")}",
            $"--Polling:FirstRunSpread={Interval:hh\\:mm\\:ss}",
            $"--Polling:RestartSpread={Interval:hh\\:mm\\:ss}",
        ], TimeSpan.FromMinutes(1));
        using var ingest = new LoadIngest(Path.Combine(folder, "data", "feedaggregator.db"));
        service.Line = ingest.Line;

        // Cycle 1 stores every feed whole; the steady state (a fifth of the feeds changed per interval) starts after it.
        var clock = Stopwatch.StartNew();
        while (publisher.MinRequests() < 1)
        {
            if (service.HasExited)
            {
                Console.Error.WriteLine($"the service exited with code {service.ExitCode}; see {folder}/service.log");
                return 1;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                Console.Error.WriteLine("the first polling cycle did not finish within 10 minutes");
                return 1;
            }

            await Task.Delay(250);
        }

        var first = Snapshot(clock, ingest, publisher, service);
        ingest.TakePolls();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cycle 1 over after {first.At.TotalSeconds:0} s: {first.Items:N0} items stored, largest WAL so far {Mib(ingest.TakeLargestWal())}; baseline without readers for {baseline.TotalSeconds:0} s"));
        await Task.Delay(baseline);
        var quiet = Snapshot(clock, ingest, publisher, service);
        var quietPolls = ingest.TakePolls();
        var quietWal = ingest.TakeLargestWal();

        Console.WriteLine($"readers for {minutes} min; load average before: {LoadAverage()}");
        var duration = TimeSpan.FromMinutes(minutes);
        var reading = LoadReaders.RunAsync(service.BaseUri, Topic, Queries, connections, duration, CancellationToken.None);
        var loadAverages = new List<string>();
        var last = quiet;
        while (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30))) != reading)
        {
            var now = Snapshot(clock, ingest, publisher, service);
            loadAverages.Add(LoadAverage());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(now.At - quiet.At).TotalSeconds,4:0} s: {now.Items:N0} items ({Rate(last, now, s => s.Items):0.0}/s), {Rate(last, now, s => s.Polls):0.0} polls/s, service CPU {Cores(last, now):0.00} cores, WAL {Mib(ingest.WalBytes)}, load average {loadAverages[^1]}"));
            last = now;
        }

        var results = await reading;
        var loaded = Snapshot(clock, ingest, publisher, service);
        var loadedPolls = ingest.TakePolls();
        var loadedWal = ingest.TakeLargestWal();
        await service.StopAsync();

        Console.WriteLine();
        LoadReport.Readers(Console.Out, results);
        Console.WriteLine();
        LoadReport.Ingest(Console.Out, "without readers", first, quiet, quietPolls);
        LoadReport.Ingest(Console.Out, "under load", quiet, loaded, loadedPolls);
        Console.WriteLine($"largest WAL without readers {Mib(quietWal)}, under load {Mib(loadedWal)}; load average samples: {string.Join(" | ", loadAverages)}");
        return LoadReport.Verdict(Console.Out, results, service, loaded.Items - quiet.Items);
    }

    private static LoadSnapshot Snapshot(Stopwatch clock, LoadIngest ingest, Publisher publisher, LoadService service) =>
        new(clock.Elapsed, ingest.Items(), publisher.Requests, service.ProcessorTime);

    private static double Rate(LoadSnapshot from, LoadSnapshot to, Func<LoadSnapshot, long> value) =>
        (value(to) - value(from)) / (to.At - from.At).TotalSeconds;

    private static double Cores(LoadSnapshot from, LoadSnapshot to) => (to.Cpu - from.Cpu) / (to.At - from.At);

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static void WriteConfig(string folder, Publisher publisher, int feedCount)
    {
        var feeds = Enumerable.Range(0, feedCount)
            .Select(i => $"  {{ \"id\": \"load-{i}\", \"url\": \"{publisher.FeedUrl(i)}\", \"interval\": \"{Interval:hh\\:mm\\:ss}\" }}");
        File.WriteAllText(Path.Combine(folder, "feeds.json"), "{ \"feeds\": [\n" + string.Join(",\n", feeds) + "\n] }\n");
        File.WriteAllText(Path.Combine(folder, "topics.json"), $$"""
            { "topics": [ { "id": "{{Topic}}", "title": "Human trafficking", "query": "\"human trafficking\" OR trafficking OR shelters" } ] }
            """);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>A moment of the run: items stored, requests the publisher answered (polls), the service's processor time.</summary>
internal sealed record LoadSnapshot(TimeSpan At, long Items, long Polls, TimeSpan Cpu);
