using System.Diagnostics;
using System.Globalization;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The crash loop shared by <c>bench … crash</c> and <c>CrashTests</c>: starts the real service against a
/// <see cref="CrashPublisher"/>, kills it with SIGKILL at a random moment, looks at the store as the kill left it, starts
/// it again, and checks over HTTP that the items its topic feeds served before are still served and that polling resumed.
/// </summary>
internal sealed partial class CrashLoop(CrashOptions options, TextWriter progress)
{
    private readonly CrashServed served = new();
    private readonly CrashReport report = new() { Options = options };

    public async Task<CrashReport> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var load = LoadAverage();
        var random = new Random(options.Seed);
        await using var publisher = await CrashPublisher.StartAsync(options.Feeds, options.Hosts, options.ItemPeriod, options.Window);
        options.WriteConfig(publisher);
        await using var log = new StreamWriter(options.File("service.log")) { AutoFlush = true };
        progress.WriteLine($"crash: seed {options.Seed}, {options.FirstStarts} first starts, {options.Kills} kills; files in {options.Folder}");
        for (var number = 1; number <= options.FirstStarts; number++)
        {
            await FirstStartAsync(number, random.NextDouble(), log);
        }

        // The first starts polled it for stores of their own.
        publisher.Forget();

        for (var number = 1; number <= options.Kills; number++)
        {
            // Three draws per kill whatever is used, so that a seed replays the same moments.
            var startUp = random.NextDouble() < options.StartupShare || number == 1;
            var fraction = random.NextDouble();
            var aimed = random.NextDouble() < options.AimedShare;
            if (!await CycleAsync(number, startUp, fraction, aimed, log))
            {
                break;
            }
        }

        await FinishAsync(publisher, log);
        report.ServedItems = served.Count;
        report.Duration = clock.Elapsed;
        report.Load = $"{load} at the start, {LoadAverage()} at the end";
        return report;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>One start, one kill, one look at the store; false when the run cannot go on.</summary>
    private async Task<bool> CycleAsync(int number, bool startUp, double fraction, bool aimed, StreamWriter log)
    {
        var before = served.Pending();
        using var service = CrashService.Start(options, log);
        using var stopCollecting = new CancellationTokenSource();
        var collecting = CollectAsync(service, stopCollecting.Token);
        CrashRestart? restart = null;
        if (startUp)
        {
            // The first start creates and migrates the store; later ones open it, schedule and poll.
            await DelayUntil(service, options.MaxStartupDelay * fraction);
        }
        else
        {
            restart = await CheckRestartAsync(number - 1, service, before);
            if (restart is null)
            {
                await stopCollecting.CancelAsync();
                await collecting;
                return false;
            }

            await Task.Delay(options.MaxIngestDelay * fraction);
        }

        if (service.HasExited)
        {
            Fail($"kill {number}: the service exited by itself (code {service.ExitCode}) before the kill; see {options.File("service.log")}");
            await collecting;
            return false;
        }

        var (writing, checkpointing) = KillNow(service, aimed && !startUp);
        var sinceStart = service.Clock.Elapsed;
        var listening = service.Ready;
        await service.WaitForExitAsync();
        await stopCollecting.CancelAsync();
        await collecting;

        var state = CrashChecks.Inspect(options.DataDirectory, served.All);
        var kill = new CrashKill(number, sinceStart, startUp, listening, aimed && !startUp, writing, checkpointing, state);
        report.Kills.Add(kill);
        if (state is { Ok: false })
        {
            Fail($"kill {number}: {state}");
        }

        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill {number}: {sinceStart.TotalSeconds:0.00} s after start, {(startUp ? "start-up" : aimed ? "aimed" : "random")}, {(listening ? "listening" : "not listening yet")}, write transaction {(writing is null ? "unknown" : writing.Value ? "open" : "closed")}; {(state is null ? "no store yet" : state.ToString())}{(restart is null ? "" : $"; restart: served {restart.ServedChecked} looked for, {restart.ServedMissing} missing, first poll {restart.FirstPoll?.TotalSeconds:0.00} s, first new item {restart.FirstNewItem?.TotalSeconds:0.00} s")}"));
        return true;
    }

    /// <summary>
    /// Sends SIGKILL now, or for an aimed kill as soon as a write transaction is open (at most a few seconds on);
    /// says whether one was open and whether a checkpoint was under way just before.
    /// </summary>
    private (bool? Writing, bool Checkpointing) KillNow(CrashService service, bool aimed)
    {
        using var locks = CrashWriteLock.Open(options.Database);
        if (locks is null)
        {
            service.Kill();
            return (null, false);
        }

        if (aimed)
        {
            locks.WaitForWrite(TimeSpan.FromSeconds(5));
        }

        var writing = locks.Writing;
        var checkpointing = locks.Checkpointing;
        service.Kill();
        return (writing, checkpointing);
    }

    private static async Task DelayUntil(CrashService service, TimeSpan sinceStart)
    {
        var left = sinceStart - service.Clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>
    /// The last restart, checked like the others; a clean stop; <c>poll-once</c>, so that every feed is read once more
    /// (an item served to a poll that a kill cut short is still in its feed's window); then the store as it is left.
    /// </summary>
    private async Task FinishAsync(CrashPublisher publisher, StreamWriter log)
    {
        var before = served.Pending();
        using (var service = CrashService.Start(options, log))
        {
            using var stopCollecting = new CancellationTokenSource();
            var collecting = CollectAsync(service, stopCollecting.Token);
            await CheckRestartAsync(report.Kills.Count, service, before);
            await stopCollecting.CancelAsync();
            await collecting;
            await service.StopAsync();
            if (service.ExitCode != 0)
            {
                Fail($"the service stopped with exit code {service.ExitCode} on SIGTERM");
            }
        }

        using (var once = CrashService.Start(options, log, "poll-once"))
        {
            await once.WaitForExitAsync();
            if (once.ExitCode != 0)
            {
                Fail($"poll-once exited with code {once.ExitCode}");
            }
        }

        report.Final = CrashChecks.Inspect(options.DataDirectory, served.All);
        if (report.Final is not { Ok: true })
        {
            Fail($"at the end: {report.Final?.ToString() ?? "no store"}");
        }

        report.Publisher = CrashChecks.Publisher(options.DataDirectory, publisher);
        if (report.Publisher.Lost.Count > 0)
        {
            Fail($"{report.Publisher.Lost.Count} item(s) the publisher served are not stored although a poll that completed read them, such as {string.Join(", ", report.Publisher.Lost.Take(10))}");
        }
    }

    private void Fail(string failure)
    {
        report.Failures.Add(failure);
        progress.WriteLine($"FAILED: {failure}");
    }
}
