using FeedAggregator.Configuration;

namespace FeedAggregator.Sources;

/// <summary>The feeds in force, read from the operators' feeds file.</summary>
public sealed class FeedCatalog
{
    private readonly AggregatorPaths paths;
    private IReadOnlyList<FeedSource>? feeds;

    public FeedCatalog(AggregatorPaths paths) => this.paths = paths;

    /// <summary>All configured feeds; loads the file on first use and throws <see cref="ConfigException"/> when it is invalid.</summary>
    public IReadOnlyList<FeedSource> All => feeds ??= FeedsFile.Load(paths.FeedsFile, paths.FeedsFileDisplay);

    public IEnumerable<FeedSource> Enabled => All.Where(f => f.Enabled);

    public FeedSource? Find(string id) => All.FirstOrDefault(f => f.Id == id);
}

public static class SourcesRegistration
{
    public static IHostApplicationBuilder AddSources(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FeedCatalog>();
        return builder;
    }
}
