using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// The real service as its own process (<c>FeedAggregator.dll run</c> from the caller's output folder), listening on a
/// free loopback port. Its log goes to a file and is watched line by line for what a load run must not see: SQLite's
/// "database is locked" (SQLITE_BUSY, SQLITE_LOCKED) anywhere, and any line logged as an error.
/// Shared by the bench driver (<c>load</c>) and its short run among the tests.
/// </summary>
internal sealed partial class LoadService : IAsyncDisposable
{
    private const int Described = 5;

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> problems = [];
    private int lockedLines;
    private int errorLines;
    private int warningLines;

    private LoadService(Process process, string logFile)
    {
        this.process = process;
        log = new StreamWriter(logFile);
    }

    /// <summary>Called with every line the service writes, on the thread that read it.</summary>
    public Action<string>? Line { get; set; }

    public Uri BaseUri { get; private set; } = null!;

    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Lines that speak of a locked or busy database.</summary>
    public int LockedLines => Volatile.Read(ref lockedLines);

    /// <summary>Lines logged at error or fatal level.</summary>
    public int ErrorLines => Volatile.Read(ref errorLines);

    public int WarningLines => Volatile.Read(ref warningLines);

    /// <summary>The first few locked, error and warning lines, for the report.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    /// <summary>Starts the service with <paramref name="settings"/> (<c>--Section:Key=value</c>) and waits until it listens.</summary>
    public static async Task<LoadService> StartAsync(string workingDirectory, string logFile, IEnumerable<string> settings, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FeedAggregator.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--Urls=http://127.0.0.1:0");
        // Kestrel's "Now listening on" line tells the port it chose.
        start.ArgumentList.Add("--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var service = new LoadService(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), logFile);
        service.process.OutputDataReceived += (_, e) => service.Read(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Read(e.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        var exited = service.process.WaitForExitAsync();
        var ready = await Task.WhenAny(service.listening.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (ready != service.listening.Task)
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"the service did not start listening within {timeout.TotalSeconds:0} s (exited: {exited.IsCompleted}); see {logFile}");
        }

        service.BaseUri = await service.listening.Task.ConfigureAwait(false);
        try
        {
            await service.WaitForHealthAsync(timeout).ConfigureAwait(false);
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return service;
    }

    /// <summary>Waits for <c>/health</c> to answer 200, which it does once the store is open and migrated.</summary>
    private async Task WaitForHealthAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = timeout };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using (var health = await http.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false))
            {
                if (health.IsSuccessStatusCode)
                {
                    return;
                }

                if (clock.Elapsed > timeout)
                {
                    throw new InvalidOperationException($"/health answered {(int)health.StatusCode} after {timeout.TotalSeconds:0} s");
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
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

        if (Listening().Match(line) is { Success: true } address)
        {
            listening.TrySetResult(new Uri(address.Groups[1].Value));
        }

        var locked = Locked().IsMatch(line);
        var level = Level().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
        if (locked)
        {
            Interlocked.Increment(ref lockedLines);
        }

        if (level is "ERR" or "FTL")
        {
            Interlocked.Increment(ref errorLines);
        }
        else if (level is "WRN")
        {
            Interlocked.Increment(ref warningLines);
        }

        if (locked || level is not null)
        {
            lock (problems)
            {
                if (problems.Count < Described)
                {
                    problems.Add(line);
                }
            }
        }

        Line?.Invoke(line);
    }

    /// <summary>Stops the service as an operator does (SIGTERM), killing it only when it has not exited within 30 s.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // Waits for the redirected output to be read to its end.
        await process.WaitForExitAsync().ConfigureAwait(false);
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"database (table )?is locked|SQLITE_(BUSY|LOCKED)|SQLite Error (5|6)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Locked();

    // The service's console lines start "HH:mm:ss LVL " (appsettings.json's outputTemplate).
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (ERR|FTL|WRN) ")]
    private static partial Regex Level();
}
