namespace FeedAggregator.Sources;

/// <summary>The feeds in force: those of the operators' configuration version in force.</summary>
public sealed class FeedCatalog
{
    private readonly OperatorConfig config;

    public FeedCatalog(OperatorConfig config)
    {
        this.config = config;
        config.Changed += (before, after) =>
        {
            if (!before.Feeds.SequenceEqual(after.Feeds))
            {
                Changed?.Invoke(before.Feeds, after.Feeds);
            }
        };
    }

    /// <summary>Raised when a reload changed the feeds: the feeds before, and after.</summary>
    public event Action<IReadOnlyList<FeedSource>, IReadOnlyList<FeedSource>>? Changed;

    /// <summary>All configured feeds; loads the files on first use and throws <see cref="Configuration.ConfigException"/> when they are invalid.</summary>
    public IReadOnlyList<FeedSource> All => config.Current.Feeds;

    public IEnumerable<FeedSource> Enabled => All.Where(f => f.Enabled);

    public FeedSource? Find(string id) => All.FirstOrDefault(f => f.Id == id);
}

public static class SourcesRegistration
{
    public static IHostApplicationBuilder AddSources(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperatorConfig>();
        builder.Services.AddSingleton<FeedCatalog>();
        builder.Services.AddHostedService<ConfigWatcher>();
        return builder;
    }
}
