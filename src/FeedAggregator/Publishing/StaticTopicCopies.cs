using System.Threading.Channels;
using FeedAggregator.Configuration;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Publishing;

/// <summary>
/// Static copies of every topic feed's first page in each format, at <c>{DataDirectory}/public/topics/{id}.rss|.atom|.json</c>,
/// rewritten after each write that changes the topic: any static web server or CDN can serve them. Each file is written
/// beside its target and renamed over it, so a reader never sees half a feed. When <c>Publishing:WebSubHub</c> is set,
/// the hub is pinged (WebSub §6, "publish") for each format once the copies are written.
/// </summary>
public sealed class StaticTopicCopies : BackgroundService
{
    private readonly TopicFeedBuilder builder;
    private readonly TopicCatalog topics;
    private readonly ILogger<StaticTopicCopies> logger;
    private readonly string folder;
    private readonly Uri baseUrl;
    private readonly string? hub;
    private readonly Channel<string> changed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient hubClient = new() { Timeout = TimeSpan.FromSeconds(10) };

    public StaticTopicCopies(
        TopicFeedBuilder builder, TopicCatalog topics, TopicVersions versions, AggregatorPaths paths, IConfiguration configuration,
        IOptions<AggregatorOptions> options, IOptions<PublishingOptions> publishing, ILogger<StaticTopicCopies> logger)
    {
        this.builder = builder;
        this.topics = topics;
        this.logger = logger;
        folder = Path.Combine(paths.DataDirectory, "public", "topics");
        baseUrl = PublishedBase(configuration, options.Value);
        hub = publishing.Value.Hub;
        versions.Changed += changedTopics =>
        {
            foreach (var topic in changedTopics)
            {
                changed.Writer.TryWrite(topic);
            }
        };
    }

    /// <summary>The base URL of feeds written outside a request: PublicBaseUrl, else the first address the service listens on.</summary>
    public static Uri PublishedBase(IConfiguration configuration, AggregatorOptions options) =>
        options.PublicBase((configuration["Urls"] ?? AggregatorHost.DefaultUrls).Split(';', StringSplitOptions.RemoveEmptyEntries)[0]);

    /// <summary>Writes every topic's copies now (at start, and at the end of <c>poll-once</c>).</summary>
    public async Task WriteAllAsync(CancellationToken cancellationToken)
    {
        foreach (var topic in topics.All)
        {
            await WriteAsync(topic.Id, ping: false, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WriteAllAsync(stoppingToken).ConfigureAwait(false);
            while (await changed.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var batch = new HashSet<string>(StringComparer.Ordinal);
                while (changed.Reader.TryRead(out var topic))
                {
                    batch.Add(topic);
                }

                foreach (var topic in batch)
                {
                    await WriteAsync(topic, ping: true, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(string topicId, bool ping, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var format in TopicFeedFormats.All)
            {
                var feed = await builder.GetAsync(topicId, format, baseUrl, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (feed is null)
                {
                    return;
                }

                var target = Path.Combine(folder, $"{topicId}.{format.Extension()}");
                var temporary = target + ".tmp";
                await File.WriteAllBytesAsync(temporary, feed.Bytes, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, target, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Static copies of topic {TopicId} not written to {Folder}: {Error}", topicId, folder, e.Message);
            return;
        }

        if (ping && hub is not null)
        {
            await PingHubAsync(topicId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PingHubAsync(string topicId, CancellationToken cancellationToken)
    {
        foreach (var format in TopicFeedFormats.All)
        {
            var url = TopicFeedBuilder.Url(baseUrl, topicId, format);
            try
            {
                using var content = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", url)]);
                using var response = await hubClient.PostAsync(hub, content, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("WebSub hub {Hub} answered {Status} to the ping for {Url}", hub, (int)response.StatusCode, url);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("WebSub hub {Hub} not reached for {Url}: {Error}", hub, url, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        hubClient.Dispose();
        base.Dispose();
    }
}
