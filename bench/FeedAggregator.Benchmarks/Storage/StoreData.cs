using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedAggregator.Benchmarks.Topics;
using FeedAggregator.Configuration;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Benchmarks.Storage;

/// <summary>
/// A data folder holding a store of many items, built once through the real ingest path and kept in the temp folder
/// (keyed by schema version, corpus version and item count) so that later runs start at once. Beside <c>data/</c> it
/// holds the <c>feeds.json</c> and <c>topics.json</c> the items were ingested with, so the real host can be started on it:
/// <c>--Aggregator:DataDirectory={DataDirectory} --Aggregator:FeedsFile={FeedsFile} --Aggregator:TopicsFile={TopicsFile}</c>.
/// The stored topic definitions equal the file's, so the host evaluates nothing again at start. A host polls and
/// prunes: give it a copy (<see cref="CopyTo"/>) when the cached folder must stay as built.
/// </summary>
internal sealed record StoreData(string Folder, int Items)
{
    /// <summary>Raised whenever the generated items or topics change, so a stale cached folder is never reused.</summary>
    private const int CorpusVersion = 1;

    public const int BatchSize = 50;

    public string DataDirectory => Path.Combine(Folder, "data");

    public string FeedsFile => Path.Combine(Folder, "feeds.json");

    public string TopicsFile => Path.Combine(Folder, "topics.json");

    /// <summary>The folder for <paramref name="items"/> items, built now unless a complete one is already cached.</summary>
    public static async Task<StoreData> BuildAsync(int items = 100_000, TextWriter? log = null)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"feedaggregator-store-s{Migrations.Steps.Length}-c{CorpusVersion}-{items}");
        var folder = Path.Combine(Path.GetTempPath(), key);
        if (File.Exists(Path.Combine(folder, "complete")))
        {
            return new StoreData(folder, items);
        }

        // Built beside and renamed into place, so an interrupted build is never taken for a finished one.
        var building = folder + ".building-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var data = new StoreData(building, items);
        Directory.CreateDirectory(building);
        WriteFiles(data);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var store = StoreParts.Open(data.DataDirectory))
        {
            var topics = data.LoadTopics();
            await store.Topics.RememberAsync([.. topics.Select(t => (t.Id, t.Definition))]);
            var matcher = new TopicMatcher(topics);
            var corpus = new StoreCorpus();
            for (var first = 0; first < items; first += BatchSize)
            {
                var feedIndex = first / BatchSize % StoreCorpus.FeedCount;
                var (feed, parsed) = corpus.Batch(first, Math.Min(BatchSize, items - first), feedIndex);
                await store.Items.SaveAsync(feed.Id, Ingest.Prepare(parsed, feed, matcher));
                if (first % 10_000 == 0)
                {
                    log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  building {folder}: {first:N0} items, {clock.Elapsed.TotalSeconds:0} s"));
                }
            }

            for (var f = 0; f < StoreCorpus.FeedCount; f++)
            {
                var feed = StoreCorpus.Feed(f);
                await store.Statuses.RecordAsync(new PollOutcome(feed.Id, feed.Url.ToString(), feed.Title, DateTimeOffset.UtcNow, 200, null, null, BatchSize, null)
                {
                    Result = "changed",
                });
            }
        }

        await File.WriteAllTextAsync(Path.Combine(building, "complete"), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        try
        {
            Directory.Move(building, folder);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, "complete")))
        {
            // Another run finished the same folder first; theirs is as good as ours.
            Directory.Delete(building, recursive: true);
        }

        return new StoreData(folder, items);
    }

    public IReadOnlyList<Topic> LoadTopics() => FeedAggregator.Topics.TopicsFile.Load(TopicsFile, "topics.json");

    /// <summary>A copy of the whole folder, for a run that writes to the store.</summary>
    public StoreData CopyTo(string target)
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }

        return this with { Folder = target };
    }

    /// <summary>
    /// The shipped human-trafficking topic, six of the analysts' topics of <c>topics-100.json</c> (some of them near
    /// misses of it, such as drug trafficking) and one regional topic of about 1% of items.
    /// </summary>
    private static void WriteFiles(StoreData data)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonNode TopicOf(string file, string id) =>
            JsonNode.Parse(File.ReadAllText(file), documentOptions: options)!["topics"]!.AsArray().Single(t => (string?)t!["id"] == id)!.DeepClone();
        var shipped = Path.Combine(BenchRepository.Root, "config", "topics.json");
        var hundred = Path.Combine(TopicCorpus.Folder, "topics-100.json");
        var topics = new JsonArray(TopicOf(shipped, "human-trafficking"));
        foreach (var id in new[] { "drug-trafficking", "migration", "corruption", "elections", "wildfires", "labour-strikes" })
        {
            topics.Add(TopicOf(hundred, id));
        }

        topics.Add(JsonNode.Parse(StoreCorpus.RegionalTopic));
        var indented = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(data.TopicsFile, new JsonObject { ["topics"] = topics }.ToJsonString(indented) + "\n");

        // Unreachable on purpose: a host started on this folder records its polls as failing and adds no items.
        var feeds = new JsonArray([.. Enumerable.Range(0, StoreCorpus.FeedCount).Select(f => (JsonNode)new JsonObject
        {
            ["id"] = StoreCorpus.Feed(f).Id,
            ["url"] = $"http://127.0.0.1:9/news{f:D2}.rss",
            ["title"] = StoreCorpus.Feed(f).Title,
            ["language"] = StoreCorpus.Language(f),
            ["tags"] = new JsonArray(StoreCorpus.Feed(f).Tags[0]),
        })]);
        File.WriteAllText(data.FeedsFile, new JsonObject { ["feeds"] = feeds }.ToJsonString(indented) + "\n");
    }
}

/// <summary>The store's parts over one data folder, as the host wires them.</summary>
internal sealed class StoreParts : IAsyncDisposable
{
    private StoreParts(string dataDirectory)
    {
        var paths = new AggregatorPaths(
            Options.Create(new AggregatorOptions { DataDirectory = dataDirectory }),
            new HostingEnvironment { ContentRootPath = dataDirectory });
        Database = new Database(paths);
        Items = new ItemStore(Database, TimeProvider.System);
        Topics = new TopicItemStore(Database, TimeProvider.System);
        Statuses = new FeedStatusStore(Database);
        Queries = new ItemQueries(Database);
    }

    public static StoreParts Open(string dataDirectory) => new(dataDirectory);

    public Database Database { get; }

    public ItemStore Items { get; }

    public TopicItemStore Topics { get; }

    public FeedStatusStore Statuses { get; }

    public ItemQueries Queries { get; }

    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        return ValueTask.CompletedTask;
    }
}
