using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedAggregator.Sources;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FeedAggregator.Benchmarks.Sources;

/// <summary>
/// How long an edit of feeds.json takes to be in force, as an operator sees it: from the write to <c>/health</c>
/// showing the new version. Target (issue 7): within 5 s. Beside it, what reading and checking both shipped files
/// costs on its own, so the wait can be told from the work.
/// </summary>
internal static partial class ReloadLatency
{
    [GeneratedRegex("\"interval\": \"00:\\d\\d:00\"")]
    private static partial Regex Interval();

    public static async Task<int> RunAsync(string[] args)
    {
        var edits = args is ["--edits", var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 20;
        var root = BenchRepository.Root;
        var folder = Directory.CreateTempSubdirectory("feedaggregator-reload-");
        foreach (var file in new[] { "feeds.json", "topics.json" })
        {
            File.Copy(Path.Combine(root, "config", file), Path.Combine(folder.FullName, file));
        }

        var feeds = Path.Combine(folder.FullName, "feeds.json");
        await using var app = AggregatorHost.Build([
            $"--Aggregator:DataDirectory={Path.Combine(folder.FullName, "data")}",
            $"--Aggregator:FeedsFile={feeds}",
            $"--Aggregator:TopicsFile={Path.Combine(folder.FullName, "topics.json")}",
            "--Urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning",
        ]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var latencies = new List<double>();
        for (var i = 0; i < edits; i++)
        {
            var before = await VersionAsync(http);
            var text = Interval().Replace(await File.ReadAllTextAsync(feeds), $"\"interval\": \"00:{16 + (i % 2)}:00\"", 1);
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(feeds, text);
            while (await VersionAsync(http) == before)
            {
                await Task.Delay(10);
            }

            latencies.Add(clock.Elapsed.TotalSeconds);
            await Task.Delay(1500);
        }

        var config = app.Services.GetRequiredService<OperatorConfig>();
        var check = Stopwatch.StartNew();
        const int checks = 200;
        for (var i = 0; i < checks; i++)
        {
            _ = OperatorFiles.Check(config.Paths);
        }

        var checkMs = check.Elapsed.TotalMilliseconds / checks;
        await app.StopAsync();
        latencies.Sort();
        Console.WriteLine($"edits applied: {latencies.Count}; write to /health showing it: median {latencies[latencies.Count / 2]:F2} s, max {latencies[^1]:F2} s (target 5 s)");
        Console.WriteLine($"reading and checking both shipped files alone: {checkMs:F2} ms; the rest is {ConfigWatcher.Period.TotalMilliseconds:F0} ms polling and the {ConfigWatcher.Settle.TotalSeconds:F0} s settle");
        folder.Delete(recursive: true);
        return 0;
    }

    private static async Task<int> VersionAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("config").GetProperty("version").GetInt32();
}
