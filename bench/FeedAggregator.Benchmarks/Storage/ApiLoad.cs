using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FeedAggregator.Benchmarks.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedAggregator.Benchmarks.Storage;

/// <summary>
/// Requests per second of <c>GET /api/items</c> on the real host over the 100,000-item store (<see cref="StoreData"/>),
/// with wrk on loopback: the newest page, a topic's page, a full-text query, and a second page by cursor; beside them
/// <c>/health</c>-free fixed bytes of the same size from the same process as the baseline. Issue 8 asks for the figure
/// to be reported; it sets no target.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- api-load [--items 100000] [--seconds 10] [--rounds 3] [--connections 32]</c>
/// (needs wrk: <c>apt-get install wrk</c>).
/// </summary>
internal static class ApiLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var items = Option(args, "--items", 100_000);
        var seconds = Option(args, "--seconds", 10);
        var rounds = Option(args, "--rounds", 3);
        var connections = Option(args, "--connections", 32);
        var built = await StoreData.BuildAsync(items, Console.Out);
        var folder = Directory.CreateTempSubdirectory("feedaggregator-api-load").FullName;
        var data = built.CopyTo(folder);
        var topic = data.LoadTopics()[0].Id;

        await using var app = AggregatorHost.Build(
        [
            $"--Aggregator:DataDirectory={data.DataDirectory}",
            $"--Aggregator:FeedsFile={data.FeedsFile}",
            $"--Aggregator:TopicsFile={data.TopicsFile}",
            "--Urls=http://127.0.0.1:0",
            // The store is read, not fed: no feed is due for an hour, and nothing is logged per request.
            "--Polling:FirstRunSpread=01:00:00",
            "--Polling:RestartSpread=01:00:00",
            "--Serilog:MinimumLevel:Default=Warning",
        ]);
        byte[] fixedBytes = [];
        app.MapGet("/fixed", async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = fixedBytes.Length;
            await context.Response.Body.WriteAsync(fixedBytes, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        fixedBytes = await http.GetByteArrayAsync("/api/items?limit=50");
        var first = await http.GetFromJsonAsync<JsonElement>("/api/items?limit=50");
        var cursor = Uri.EscapeDataString(first.GetProperty("next").GetString()!);
        var targets = new (string Name, string Path)[]
        {
            ("fixed bytes (same size as the newest 50)", "/fixed"),
            ("/api/items?limit=50", "/api/items?limit=50"),
            ("/api/items?limit=50&cursor=… (page 2)", $"/api/items?limit=50&cursor={cursor}"),
            ($"/api/items?topic={topic}&limit=50", $"/api/items?topic={topic}&limit=50"),
            ("/api/items?q=court&limit=20", "/api/items?q=court&limit=20"),
        };
        Console.WriteLine($"api-load: {address}, {items:N0} stored items, newest page {fixedBytes.Length:N0} bytes, wrk -t1 -c{connections} -d{seconds}s, {rounds} rounds");
        var results = targets.ToDictionary(t => t.Name, _ => new List<(double Rps, string P99)>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, path) in targets)
            {
                var result = await TopicFeedLoad.WrkAsync(address + path, null, connections, seconds);
                results[name].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} {name}: {result.Rps:0} req/s, p99 {result.P99}"));
            }
        }

        var baseline = Median(results[targets[0].Name]);
        Console.WriteLine("median of rounds:");
        foreach (var (name, _) in targets)
        {
            var rps = Median(results[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {rps:0} req/s ({rps / baseline:0.00}x fixed bytes)"));
        }

        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static double Median(List<(double Rps, string P99)> values) => values.Select(v => v.Rps).Order().ElementAt(values.Count / 2);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
