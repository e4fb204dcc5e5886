using System.Globalization;
using FeedAggregator.Topics;

namespace FeedAggregator.Benchmarks.Storage;

/// <summary>
/// The store at 100,000 items (issue 8). Targets: ingest at least 0.85x plain prepared inserts of the same rows; a
/// topic feed's first page at most 1.5x the raw SELECT of the same rows; a full-text query under 0.5 ms median.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- store [--items 100000] [--ingest-items 20000]
/// [--rounds 3] [--iterations 2000] [--only ingest|reads|service]</c>
/// </summary>
internal static class StoreBench
{
    /// <summary>Realistic searches: a common word, two words, a phrase, a Russian word, a prefix, a rare name, a Russian prefix.</summary>
    private static readonly string[] Queries =
        ["police", "police arrested", "\"border guards\"", "полиция", "traffick*", "Kovalenko", "мигрант*"];

    public static async Task<int> RunAsync(string[] args)
    {
        var items = Option(args, "--items", 100_000);
        var ingestItems = Option(args, "--ingest-items", 20_000);
        var rounds = Option(args, "--rounds", 3);
        var iterations = Option(args, "--iterations", 2000);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        var data = await StoreData.BuildAsync(items, Console.Out);
        Console.WriteLine($"store: {data.Folder} ({items:N0} items), {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        if (only is null or "ingest" or "service")
        {
            await IngestAsync(data, ingestItems, rounds, serviceOnly: only == "service");
        }

        if (only is null or "reads")
        {
            await ReadsAsync(data, iterations);
        }

        return 0;
    }

    private static async Task IngestAsync(StoreData data, int items, int rounds, bool serviceOnly)
    {
        var topics = data.LoadTopics();
        var matcher = new TopicMatcher(topics);
        var corpus = new StoreCorpus();
        Console.WriteLine($"ingest: {items:N0} items per round into a fresh store, polls of {StoreData.BatchSize}, {topics.Count} topics; rounds alternate");
        var saving = new List<double>();
        var runs = new (string Name, Func<StoreParts, Task<TimeSpan>> Run)[]
        {
            ("service: normalise, match, SaveAsync", store => Ingest.ServiceAsync(store, corpus, matcher, items, save => saving.Add(items / save.TotalSeconds))),
            ("service, polls overlapping as in the host", store => Ingest.OverlappedAsync(store, corpus, matcher, items, pollers: 2)),
            ("baseline: prepared inserts, same rows", store => Task.FromResult(Ingest.Baseline(store, corpus, matcher, items, sameRows: true))),
            ("prepared inserts, item and index only", store => Task.FromResult(Ingest.Baseline(store, corpus, matcher, items, sameRows: false))),
        };
        var rates = runs.ToDictionary(r => r.Name, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, run) in serviceOnly ? runs[..1] : runs)
            {
                var folder = Directory.CreateTempSubdirectory("feedaggregator-ingest-");
                TimeSpan elapsed;
                await using (var store = StoreParts.Open(Path.Combine(folder.FullName, "data")))
                {
                    elapsed = await run(store);
                }

                Directory.Delete(folder.FullName, recursive: true);
                rates[name].Add(items / elapsed.TotalSeconds);
                var part = name == runs[0].Name ? string.Create(CultureInfo.InvariantCulture, $" (SaveAsync alone {saving[^1]:N0} items/s)") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} {name,-40} {items / elapsed.TotalSeconds,8:N0} items/s{part}"));
            }
        }

        if (serviceOnly)
        {
            return;
        }

        var medians = rates.ToDictionary(r => r.Key, r => Median(r.Value));
        var (service, overlapped, baseline, bare) = (medians[runs[0].Name], medians[runs[1].Name], medians[runs[2].Name], medians[runs[3].Name]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest medians: service {service:N0} items/s, baseline {baseline:N0} items/s: ratio {service / baseline:0.00} (target 0.85); overlapped {overlapped:N0} items/s ({overlapped / baseline:0.00}); item and index only {bare:N0} items/s ({service / bare:0.00}); SaveAsync alone {Median(saving):N0} items/s ({Median(saving) / baseline:0.00})"));
    }

    private static async Task ReadsAsync(StoreData data, int iterations)
    {
        await using var store = StoreParts.Open(data.DataDirectory);
        foreach (var topic in data.LoadTopics())
        {
            Console.WriteLine($"  topic {topic.Id}: {Reads.TopicSize(store, topic.Id):N0} items");
        }

        var results = new List<Reads.Result>
        {
            await Reads.TopicPageAsync(store, "human-trafficking", iterations),
            await Reads.TopicPageAsync(store, "novosibirsk", iterations),
            await Reads.TopicListAsync(store, "human-trafficking", iterations),
            await Reads.TopicListAsync(store, "novosibirsk", iterations),
        };
        foreach (var query in Queries)
        {
            Console.WriteLine($"  {query}: matches {Reads.Matches(store, query):N0} items");
            results.Add(await Reads.SearchAsync(store, query, iterations));
        }

        Console.WriteLine($"reads, up to {iterations} calls each (fewer for slow queries: about 10 s each), alternating with the raw query (ms):");
        Console.WriteLine($"  {"what",-42} {"calls",5} {"rows",4} {"median",8} {"p95",8} {"raw med",8} {"raw p95",8} {"ratio",6}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Name,-42} {r.Calls,5} {r.Rows,4} {r.Median,8:0.000} {r.P95,8:0.000} {r.RawMedian,8:0.000} {r.RawP95,8:0.000} {r.Ratio,6:0.00}"));
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
