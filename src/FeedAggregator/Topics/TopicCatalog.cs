using FeedAggregator.Configuration;
using FeedAggregator.Normalising;
using FeedAggregator.Sources;

namespace FeedAggregator.Topics;

/// <summary>The topics in force (those of the operators' configuration version in force), and which of them an item belongs to.</summary>
public sealed class TopicCatalog
{
    private readonly OperatorConfig config;
    private Snapshot? snapshot;

    public TopicCatalog(OperatorConfig config)
    {
        this.config = config;
        config.Changed += (before, after) =>
        {
            if (!Same(before.Topics, after.Topics))
            {
                Changed?.Invoke(after.Topics);
            }
        };
    }

    /// <summary>Raised after a reload that changed the topics in force.</summary>
    public event Action<IReadOnlyList<Topic>>? Changed;

    /// <summary>All configured topics; loads the files on first use and throws <see cref="ConfigException"/> when they are invalid.</summary>
    public IReadOnlyList<Topic> All => config.Current.Topics;

    public Topic? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>The topics the item belongs to, each with why.</summary>
    public IReadOnlyList<TopicMatch> Match(NormalisedItem item, FeedSource? feed) => Current.Matcher.Match(MatchInput.Of(item, feed));

    // The compiled matcher is built once per version of the topics in force, when first needed.
    private Snapshot Current
    {
        get
        {
            var topics = All;
            var known = snapshot;
            if (known is not null && ReferenceEquals(known.Topics, topics))
            {
                return known;
            }

            return snapshot = new Snapshot(topics);
        }
    }

    private static bool Same(IReadOnlyList<Topic> before, IReadOnlyList<Topic> after) =>
        before.Select(t => (t.Id, t.Title, t.Description, t.Definition)).SequenceEqual(after.Select(t => (t.Id, t.Title, t.Description, t.Definition)));

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
        return builder;
    }
}
