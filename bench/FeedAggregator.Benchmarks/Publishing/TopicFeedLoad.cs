using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedAggregator.Benchmarks.Publishing;

/// <summary>
/// Requests per second for a 50-item topic feed against a fixed-bytes endpoint of the same size served by the same
/// process, and for the 304 path (a reader that already has the current version), with wrk on loopback. Targets
/// (issue 6): the feed at least 0.9x the fixed bytes, the 304 at least 1.5x. Rounds alternate the three so that the
/// machine's drift touches all alike; the median round counts.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- feed-load [--seconds 10] [--rounds 3] [--connections 32]</c>
/// (needs wrk: <c>apt-get install wrk</c>).
/// </summary>
internal static partial class TopicFeedLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var rounds = Option(args, "--rounds", 3);
        var connections = Option(args, "--connections", 32);
        var folder = Directory.CreateTempSubdirectory("feedaggregator-feed-load").FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "news.xml"), NewsFeeds.Rss(60));
        await File.WriteAllTextAsync(Path.Combine(folder, "feeds.json"),
            $$"""{ "feeds": [ { "id": "news", "url": "{{new Uri(Path.Combine(folder, "news.xml")).AbsoluteUri}}", "language": "en" } ] }""");
        await File.WriteAllTextAsync(Path.Combine(folder, "topics.json"),
            """{ "topics": [ { "id": "shelters", "title": "Shelters", "description": "Shelters for victims", "query": "traffick*" } ] }""");

        await using var app = AggregatorHost.Build(
        [
            $"--Aggregator:DataDirectory={Path.Combine(folder, "data")}",
            $"--Aggregator:FeedsFile={Path.Combine(folder, "feeds.json")}",
            $"--Aggregator:TopicsFile={Path.Combine(folder, "topics.json")}",
            "--Urls=http://127.0.0.1:0",
            "--Polling:FirstRunSpread=00:00:00",
        ]);
        byte[] fixedBytes = [];
        app.MapGet("/fixed", async context =>
        {
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            context.Response.ContentLength = fixedBytes.Length;
            await context.Response.Body.WriteAsync(fixedBytes, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var feedPath = "/topics/shelters.rss";
        HttpResponseMessage response;
        var wait = Stopwatch.StartNew();
        while (true)
        {
            response = await http.GetAsync(feedPath);
            var body = await response.Content.ReadAsStringAsync();
            if (Regex.Count(body, "<item>") >= 50)
            {
                fixedBytes = await response.Content.ReadAsByteArrayAsync();
                break;
            }

            if (wait.Elapsed > TimeSpan.FromMinutes(2))
            {
                Console.Error.WriteLine("the topic feed never reached 50 items");
                return 1;
            }

            await Task.Delay(200);
        }

        var etag = response.Headers.ETag!.Tag;
        Console.WriteLine($"feed-load: {address}, 50-item topic feed of {fixedBytes.Length} bytes, wrk -t1 -c{connections} -d{seconds}s, {rounds} rounds");
        var targets = new (string Name, string Path, string? Header)[]
        {
            ("fixed bytes", "/fixed", null),
            ("topic feed (200)", feedPath, null),
            ("topic feed (304)", feedPath, $"If-None-Match: {etag}"),
        };
        var results = targets.ToDictionary(t => t.Name, _ => new List<(double Rps, string P99)>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, path, header) in targets)
            {
                var result = await WrkAsync(address.TrimEnd('/') + path, header, connections, seconds);
                results[name].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} {name}: {result.Rps:0} req/s, p99 {result.P99}"));
            }
        }

        var median = results.ToDictionary(r => r.Key, r => r.Value.Select(v => v.Rps).Order().ElementAt(r.Value.Count / 2));
        var baseline = median["fixed bytes"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: fixed bytes {baseline:0} req/s; topic feed {median["topic feed (200)"]:0} req/s ({median["topic feed (200)"] / baseline:0.00}x, target 0.9x); 304 {median["topic feed (304)"]:0} req/s ({median["topic feed (304)"] / baseline:0.00}x, target 1.5x)"));
        await app.StopAsync();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    internal static async Task<(double Rps, string P99)> WrkAsync(string url, string? header, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency" })
        {
            start.ArgumentList.Add(argument);
        }

        if (header is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url);
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var rps = RequestsPerSecond().Match(output);
        if (!rps.Success || output.Contains("Non-2xx", StringComparison.Ordinal) && !url.Contains("/topics/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("wrk failed:\n" + output + await wrk.StandardError.ReadToEndAsync());
        }

        var p99 = Percentile99().Match(output);
        return (double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), p99.Success ? p99.Groups[1].Value : "?");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"99%\s+([0-9.]+\w+)")]
    private static partial Regex Percentile99();
}
