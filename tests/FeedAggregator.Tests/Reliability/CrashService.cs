using System.Diagnostics;
using System.Globalization;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The real service as its own OS process (<c>dotnet FeedAggregator.dll</c>), so that SIGKILL is real: its data folder,
/// feeds.json and topics.json in the run's folder, its output appended to <c>service.log</c> there. It listens on a free
/// loopback port, learnt from its "Now listening on" line.
/// </summary>
internal sealed class CrashService : IDisposable
{
    private const string ListeningLine = "Now listening on: ";

    private static readonly HashSet<CrashService> Running = [];

    private readonly Process process;
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter log;

    private CrashService(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
        StartedAt = DateTimeOffset.UtcNow;
        Clock = Stopwatch.StartNew();
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the service exited (code {process.ExitCode}) before it listened"));
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Time since the process was started.</summary>
    public Stopwatch Clock { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The service's base address, once it listens; faulted when it exits first.</summary>
    public Task<Uri> Listening => listening.Task;

    public bool Ready => listening.Task.IsCompletedSuccessfully;

    /// <summary>How long after the process started it said it was listening.</summary>
    public TimeSpan? ListeningAfter { get; private set; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="command"><c>run</c> (the service) or another command, such as <c>poll-once</c>.</param>
    /// <param name="dataDirectory">Another data folder than the run's.</param>
    public static CrashService Start(CrashOptions setup, StreamWriter log, string command = "run", string? dataDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = setup.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            Path.Combine(AppContext.BaseDirectory, "FeedAggregator.dll"), command,
            $"--Aggregator:DataDirectory={dataDirectory ?? setup.DataDirectory}",
            $"--Aggregator:FeedsFile={setup.File("feeds.json")}",
            $"--Aggregator:TopicsFile={setup.File("topics.json")}",
            "--Urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information",
            $"--Polling:FirstRunSpread={setup.FirstRunSpread:hh\\:mm\\:ss}",
            "--Polling:RestartSpread=00:00:02",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        lock (log)
        {
            log.WriteLine($"==== {DateTimeOffset.UtcNow:O} {command}");
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        var service = new CrashService(process, log);
        lock (Running)
        {
            Running.Add(service);
        }

        process.OutputDataReceived += (_, e) => service.Read(e.Data);
        process.ErrorDataReceived += (_, e) => service.Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }

        var at = line.IndexOf(ListeningLine, StringComparison.Ordinal);
        if (at >= 0 && Uri.TryCreate(line[(at + ListeningLine.Length)..].Trim(), UriKind.Absolute, out var address))
        {
            Http.BaseAddress = address;
            ListeningAfter = Clock.Elapsed;
            listening.TrySetResult(address);
        }
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix): no shutdown code of the service runs.</summary>
    public void Kill()
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited: the caller finds out from the exit code.
        }
    }

    /// <summary>SIGTERM, the way an operator stops the service; SIGKILL if it has not stopped within 30 s.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        await process.WaitForExitAsync();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL to every service process still running, for a driver that is stopped itself.</summary>
    public static void KillAll()
    {
        lock (Running)
        {
            foreach (var service in Running)
            {
                service.Kill();
            }
        }
    }

    public void Dispose()
    {
        lock (Running)
        {
            Running.Remove(this);
        }

        Kill();
        process.WaitForExit();
        Http.Dispose();
        process.Dispose();
    }
}
