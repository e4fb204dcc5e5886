using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Benchmarks.Soak;

/// <summary>
/// Runs the real service, as its own process, against a loopback <see cref="Publisher"/> of many feeds, and reports each
/// polling cycle's length, the service's CPU and memory, and whether the store lost or duplicated any item.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- soak --feeds 10000 --cycles 3</c>
/// </summary>
internal static class SoakDriver
{
    private static StreamWriter Log = StreamWriter.Null;

    public static async Task<int> RunAsync(string[] args)
    {
        var feedCount = Option(args, "--feeds", 10_000);
        var cycles = Option(args, "--cycles", 3);
        var hostCount = Option(args, "--hosts", 100);
        var interval = TimeSpan.FromSeconds(Option(args, "--interval-seconds", 60));
        var folder = Path.Combine(Path.GetTempPath(), "feedaggregator-soak", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"soak: {feedCount} feeds on {hostCount} loopback hosts, interval {interval.TotalSeconds:0} s (10 min compressed), {cycles} cycles; files in {folder}");

        await using var publisher = await Publisher.StartAsync(feedCount, hostCount, interval);
        WriteConfig(folder, publisher, feedCount, interval);
        using var service = StartService(folder, interval);
        var report = new List<Cycle>();
        try
        {
            var clock = Stopwatch.StartNew();
            var lastEnd = TimeSpan.Zero;
            var lastCpu = TimeSpan.Zero;
            for (var cycle = 1; cycle <= cycles; cycle++)
            {
                while (publisher.MinRequests() < cycle)
                {
                    if (service.HasExited)
                    {
                        Console.Error.WriteLine($"the service exited with code {service.ExitCode}; see {folder}/service-run.log");
                        return 1;
                    }

                    if (clock.Elapsed - lastEnd > TimeSpan.FromMinutes(15))
                    {
                        Console.Error.WriteLine($"cycle {cycle} did not finish within 15 minutes");
                        return 1;
                    }

                    await Task.Delay(250);
                }

                service.Refresh();
                var end = clock.Elapsed;
                var cpu = service.TotalProcessorTime;
                var row = new Cycle(cycle, end - lastEnd, (cpu - lastCpu) / (end - lastEnd), service.WorkingSet64, publisher.Requests, publisher.NotModified);
                report.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"cycle {row.Number}: {row.Length.TotalSeconds:0.0} s, CPU {row.Cores:0.00} cores, working set {row.WorkingSet / 1048576.0:0} MiB, requests so far {row.Requests} ({row.NotModified} answered 304)"));
                (lastEnd, lastCpu) = (end, cpu);
            }
        }
        finally
        {
            Stop(service);
            service.WaitForExit();
            lock (Log)
            {
                Log.Dispose();
            }
        }

        // Capacity: one cycle as fast as the service can go, every feed at once (poll-once), about a fifth changed.
        await Task.Delay(interval);
        var burst = Stopwatch.StartNew();
        var requestsBefore = publisher.Requests;
        using (var once = StartService(folder, interval, "poll-once"))
        {
            var cpu = TimeSpan.Zero;
            while (!once.HasExited)
            {
                try
                {
                    cpu = once.TotalProcessorTime;
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the read.
                }

                await Task.Delay(100);
            }

            await once.WaitForExitAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"burst: poll-once over {publisher.Requests - requestsBefore} feeds in {burst.Elapsed.TotalSeconds:0.0} s (start-up included), CPU at least {cpu.TotalSeconds / burst.Elapsed.TotalSeconds:0.00} cores, exit code {once.ExitCode}"));
            lock (Log)
            {
                Log.Dispose();
            }
        }

        var (lost, duplicated, stored) = Check(folder, publisher);
        var steady = report.Skip(1).ToList();
        var growth = steady.Count >= 2 ? (double)steady[^1].WorkingSet / steady[0].WorkingSet - 1 : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result: longest cycle {report.Max(r => r.Length.TotalSeconds):0.0} s, mean CPU {report.Average(r => r.Cores):0.00} cores, working set growth from cycle 2 to {cycles}: {growth:+0.0%;-0.0%}, items stored {stored}, lost {lost}, duplicated {duplicated}"));
        return lost == 0 && duplicated == 0 ? 0 : 1;
    }

    private static void WriteConfig(string folder, Publisher publisher, int feedCount, TimeSpan interval)
    {
        using (var feeds = new StreamWriter(Path.Combine(folder, "feeds.json")))
        {
            feeds.WriteLine("{ \"feeds\": [");
            for (var i = 0; i < feedCount; i++)
            {
                feeds.WriteLine($"  {{ \"id\": \"soak-{i}\", \"url\": \"{publisher.FeedUrl(i)}\", \"interval\": \"{interval:hh\\:mm\\:ss}\" }}{(i + 1 < feedCount ? "," : "")}");
            }

            feeds.WriteLine("] }");
        }

        File.WriteAllText(Path.Combine(folder, "topics.json"), """
            { "topics": [ { "id": "human-trafficking", "title": "Human trafficking", "query": "\"human trafficking\" OR trafficking OR shelters" } ] }
            """);
    }

    private static Process StartService(string folder, TimeSpan interval, string command = "run")
    {
        var app = Path.Combine(AppContext.BaseDirectory, "FeedAggregator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = BenchRepository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            app, command,
            $"--Aggregator:DataDirectory={Path.Combine(folder, "data")}",
            $"--Aggregator:FeedsFile={Path.Combine(folder, "feeds.json")}",
            $"--Aggregator:TopicsFile={Path.Combine(folder, "topics.json")}",
            "--Urls=http://127.0.0.1:0",
            $"--Polling:FirstRunSpread={interval:hh\\:mm\\:ss}",
            $"--Polling:RestartSpread={interval:hh\\:mm\\:ss}",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        Log = new StreamWriter(Path.Combine(folder, $"service-{command}.log")) { AutoFlush = false };
        process.OutputDataReceived += (_, e) => Write(Log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(Log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static void Stop(Process service)
    {
        if (service.HasExited)
        {
            return;
        }

        Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
        if (!service.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            service.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Every item each feed served is stored exactly once.</summary>
    private static (long Lost, long Duplicated, long Stored) Check(string folder, Publisher publisher)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "feedaggregator.db")};Mode=ReadOnly");
        connection.Open();
        var stored = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        long rows = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT feed_id, identity FROM items";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                var feed = reader.GetString(0);
                if (!stored.TryGetValue(feed, out var ids))
                {
                    stored[feed] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(reader.GetString(1));
            }
        }

        var unique = stored.Values.Sum(s => (long)s.Count);
        long lost = 0;
        var served = publisher.Served();
        for (var i = 0; i < served.Count; i++)
        {
            var ids = stored.GetValueOrDefault($"soak-{i}");
            // Items that scrolled out of the window before the first poll were never served; the rest must all be stored.
            for (var seq = served[i].First; seq < served[i].End; seq++)
            {
                if (ids is null || !ids.Contains($"p{i}-{seq}"))
                {
                    lost++;
                }
            }
        }

        return (lost, rows - unique, rows);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Cycle(int Number, TimeSpan Length, double Cores, long WorkingSet, long Requests, long NotModified);
}
