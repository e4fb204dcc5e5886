using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The real service as its own process (<c>dotnet FeedAggregator.dll</c> from the test folder), as an operator runs it:
/// its output collected line by line, its address read from the host's "Now listening on" line, stopped by a real
/// SIGTERM.
/// </summary>
internal sealed partial class FaultService : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FaultService(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Http { get; private set; } = null!;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Every line written to standard output and error so far.</summary>
    public string Output => string.Join('\n', lines);

    /// <summary>The settings every start shares: data, operators' files, a free port, no start-up spread.</summary>
    public static string[] Settings(string dataDirectory, string feedsFile, string topicsFile) =>
    [
        $"--Aggregator:DataDirectory={dataDirectory}",
        $"--Aggregator:FeedsFile={feedsFile}",
        $"--Aggregator:TopicsFile={topicsFile}",
        "--Urls=http://127.0.0.1:0",
        "--Polling:FirstRunSpread=00:00:00",
        "--Polling:RestartSpread=00:00:00",
        // The host's "Now listening on" line, which tells the test the port.
        "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information",
    ];

    /// <summary>Starts the command (<c>run</c> unless told) and returns at once; see <see cref="WaitListeningAsync"/>.</summary>
    public static FaultService Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "FeedAggregator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain lines, whatever the terminal the tests run in.
        start.Environment["NO_COLOR"] = "1";
        return new FaultService(Process.Start(start)!);
    }

    /// <summary>Waits for the host to listen; fails with the output when the process exits first.</summary>
    public async Task WaitListeningAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(listening.Task, exited);
        if (first != listening.Task)
        {
            Assert.Fail($"the service did not start listening (exited: {process.HasExited}); its output:\n{Output}");
        }

        Http = new HttpClient { BaseAddress = await listening.Task, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Lines of output so far that contain any of <paramref name="texts"/>.</summary>
    public int CountLines(params string[] texts) => lines.Count(line => texts.Any(text => line.Contains(text, StringComparison.Ordinal)));

    /// <summary>Waits for a line of output containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(60)) || process.HasExited)
            {
                Assert.Fail($"no line with '{text}' after {clock.Elapsed.TotalSeconds:0} s (exited: {process.HasExited}); output:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the service was still running after {limit.TotalSeconds:0} s; its output:\n{Output}");
        }

        // WaitForExitAsync returns once the process ended and its output was read to the end.
        return process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as <c>systemctl stop</c>, <c>docker stop</c> and Kubernetes do.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<JsonElement> HealthAsync() => await Http.GetFromJsonAsync<JsonElement>("/health");

    /// <summary>Waits until <paramref name="done"/> holds for <c>/health</c>; fails with the last answer and the output.</summary>
    public async Task<JsonElement> WaitForHealthAsync(Func<JsonElement, bool> done, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var health = await HealthAsync();
        while (!done(health))
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(60)))
            {
                Assert.Fail($"waited {clock.Elapsed.TotalSeconds:0} s for {what}; /health: {health}\noutput:\n{Output}");
            }

            await Task.Delay(100);
            health = await HealthAsync();
        }

        return health;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    public void Dispose()
    {
        Http?.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
