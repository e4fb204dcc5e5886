namespace FeedAggregator.Publishing;

/// <summary>A format a topic is published in: where it is served and the media type a reader discovers it by.</summary>
internal sealed record TopicFeedFormat(string Extension, string MediaType, string Name)
{
    public static readonly TopicFeedFormat Rss = new("rss", "application/rss+xml", "RSS");

    /// <summary>Every format, in the order the topic page offers them.</summary>
    public static readonly IReadOnlyList<TopicFeedFormat> All =
    [
        Rss,
        new("atom", "application/atom+xml", "Atom"),
        new("json", "application/feed+json", "JSON Feed"),
    ];

    public Uri Url(Uri baseUrl, string topicId) => new(baseUrl, $"topics/{Uri.EscapeDataString(topicId)}.{Extension}");
}
