using FeedAggregator.Configuration;
using FeedAggregator.Normalising;
using FeedAggregator.Sources;

namespace FeedAggregator.Topics;

/// <summary>
/// The topics in force, and which of them an item belongs to. <see cref="Reload"/> reads the file again: a file that
/// does not validate is refused whole and the topics in force stay.
/// </summary>
public sealed class TopicCatalog
{
    private readonly AggregatorPaths paths;
    private readonly Lock gate = new();
    private Snapshot? current;

    public TopicCatalog(AggregatorPaths paths) => this.paths = paths;

    /// <summary>Raised after a reload that changed the topics in force.</summary>
    public event Action<IReadOnlyList<Topic>>? Changed;

    /// <summary>All configured topics; loads the file on first use and throws <see cref="ConfigException"/> when it is invalid.</summary>
    public IReadOnlyList<Topic> All => Current.Topics;

    /// <summary>The errors of the last reload that was refused, or empty.</summary>
    public IReadOnlyList<ConfigError> RejectedErrors { get; private set; } = [];

    private Snapshot Current
    {
        get
        {
            if (current is { } loaded)
            {
                return loaded;
            }

            lock (gate)
            {
                return current ??= new Snapshot(TopicsFile.Load(paths.TopicsFile, paths.TopicsFileDisplay));
            }
        }
    }

    public Topic? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>The topics the item belongs to, each with why.</summary>
    public IReadOnlyList<TopicMatch> Match(NormalisedItem item, FeedSource? feed) => Current.Matcher.Match(MatchInput.Of(item, feed));

    /// <summary>Reads the file again. True when the topics in force changed; a file with errors leaves them as they were.</summary>
    public bool Reload()
    {
        IReadOnlyList<Topic> loaded;
        try
        {
            loaded = TopicsFile.Load(paths.TopicsFile, paths.TopicsFileDisplay);
        }
        catch (ConfigException e)
        {
            RejectedErrors = e.Errors.Count > 0 ? e.Errors : [new ConfigError(paths.TopicsFileDisplay, "", e.Message)];
            return false;
        }

        RejectedErrors = [];
        lock (gate)
        {
            var before = current?.Topics;
            if (before is not null && before.Select(t => (t.Id, t.Title, t.Description, t.Definition))
                    .SequenceEqual(loaded.Select(t => (t.Id, t.Title, t.Description, t.Definition))))
            {
                return false;
            }

            current = new Snapshot(loaded);
        }

        Changed?.Invoke(loaded);
        return true;
    }

    private sealed class Snapshot(IReadOnlyList<Topic> topics)
    {
        public IReadOnlyList<Topic> Topics { get; } = topics;

        public TopicMatcher Matcher { get; } = new(topics);
    }
}

public static class TopicsRegistration
{
    public static IHostApplicationBuilder AddTopics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TopicCatalog>();
        builder.Services.AddSingleton<TopicReevaluation>();
        builder.Services.AddSingleton<TopicReevaluator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TopicReevaluator>());
        builder.Services.AddHostedService<TopicsFileWatcher>();
        return builder;
    }
}
