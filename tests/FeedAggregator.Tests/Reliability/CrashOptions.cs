using System.Globalization;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// One crash run: where it keeps its files, how heavy the ingest is and how the kill moments are drawn. The defaults are
/// the bench driver's; the CI test asks for fewer kills and feeds.
/// </summary>
internal sealed record CrashOptions
{
    /// <summary>The run's folder: feeds.json, topics.json, the service's data folder and its log.</summary>
    public required string Folder { get; init; }

    /// <summary>The checkout, where the service finds appsettings.json (its working directory).</summary>
    public required string RepositoryRoot { get; init; }

    public int Kills { get; init; } = 100;

    /// <summary>Seeds the kill moments; printed so that a run can be replayed.</summary>
    public int Seed { get; init; } = 1;

    public int Feeds { get; init; } = 100;

    /// <summary>Loopback hosts the feeds are spread over (the service fetches at most 2 at once from one host).</summary>
    public int Hosts { get; init; } = 8;

    /// <summary>Each feed is polled every this many seconds (a Quartz cron; feeds are spread over the seconds).</summary>
    public int PollSeconds { get; init; } = 10;

    /// <summary>Each feed gains an item this often.</summary>
    public TimeSpan ItemPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Items each feed serves: its newest.</summary>
    public int Window { get; init; } = 60;

    /// <summary>
    /// Share of kills aimed at start-up: within <see cref="MaxStartupDelay"/> of starting the process, while the runtime
    /// starts, the store is opened (created and migrated the first time), feeds are scheduled and the first polls run.
    /// </summary>
    public double StartupShare { get; init; } = 0.2;

    public TimeSpan MaxStartupDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The other kills come at a random moment within this long after the restart was checked.</summary>
    public TimeSpan MaxIngestDelay { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Share of ingest kills that, from their random moment, wait for the next open write transaction and land in it.</summary>
    public double AimedShare { get; init; } = 0.5;

    /// <summary>How long a restarted service may take to poll again and store a new item.</summary>
    public TimeSpan ResumeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan FirstRunSpread => TimeSpan.FromSeconds(PollSeconds);

    public string DataDirectory => Path.Combine(Folder, "data");

    public string Database => DatabaseIn(DataDirectory);

    /// <summary>Starts on a new, empty store, each killed while the store is created and migrated, then started again.</summary>
    public int FirstStarts { get; init; } = 10;

    /// <summary>A first start is killed within this long after its first write transaction (the first migration step) opened.</summary>
    public TimeSpan MaxFirstStartDelay { get; init; } = TimeSpan.FromMilliseconds(60);

    public static string DatabaseIn(string dataDirectory) => Path.Combine(dataDirectory, "feedaggregator.db");

    public static readonly string[] Topics = ["floods", "elections"];

    public string File(string name) => Path.Combine(Folder, name);

    /// <summary>feeds.json (each feed on a cron of <see cref="PollSeconds"/>, spread over the seconds) and topics.json.</summary>
    public void WriteConfig(CrashPublisher publisher)
    {
        Directory.CreateDirectory(Folder);
        var feeds = Enumerable.Range(0, publisher.FeedCount).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"    {{ \"id\": \"wire-{i}\", \"url\": \"{publisher.FeedUrl(i)}\", \"cron\": \"{i % PollSeconds}/{PollSeconds} * * * * ?\" }}"));
        System.IO.File.WriteAllText(File("feeds.json"), "{ \"feeds\": [\n" + string.Join(",\n", feeds) + "\n] }\n");
        System.IO.File.WriteAllText(File("topics.json"), """
            { "topics": [
              { "id": "floods", "title": "Floods", "query": "flood OR floods OR flooding" },
              { "id": "elections", "title": "Elections", "query": "election OR elections" }
            ] }

            """);
    }
}
