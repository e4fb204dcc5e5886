using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Publishing;

/// <summary>A rendered page of a topic feed, with its strong validator and newest change.</summary>
public sealed record TopicFeedResponse(byte[] Bytes, string ETag, DateTimeOffset? LastModified)
{
    /// <summary><see cref="LastModified"/> as an HTTP date, formatted once.</summary>
    public string? LastModifiedHeader { get; } = LastModified is { } modified ? Microsoft.Net.Http.Headers.HeaderUtilities.FormatDate(modified) : null;

    internal long Version { get; init; }

    internal Topic? Topic { get; init; }
}

/// <summary>
/// Renders pages of topic feeds from the store and keeps each rendering for as long as its topic's version (and
/// definition) stand, so that a reader polling an unchanged feed costs a dictionary lookup. Shared by the HTTP
/// endpoints, the static copies and <c>export</c>, which therefore serve the same bytes.
/// </summary>
public sealed class TopicFeedBuilder(TopicCatalog topics, TopicItemStore store, TopicVersions versions, IOptions<PublishingOptions> options)
{
    private const int MaxCached = 1024;
    private readonly ConcurrentDictionary<(string Topic, TopicFeedFormat Format, int Limit, string? Cursor, string Base), TopicFeedResponse> cache = new();

    /// <summary>The page, or null when there is no such topic. Throws <see cref="FormatException"/> for a cursor this service did not make.</summary>
    public Task<TopicFeedResponse?> GetAsync(
        string topicId, TopicFeedFormat format, Uri baseUrl, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        GetAsync(topicId, format, baseUrl.AbsoluteUri, limit, cursor, cancellationToken);

    /// <param name="baseUrl">The absolute base URL, ending in '/': a string, so that a page already rendered costs no URI parse.</param>
    public async Task<TopicFeedResponse?> GetAsync(
        string topicId, TopicFeedFormat format, string baseUrl, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var topic = topics.Find(topicId);
        if (topic is null)
        {
            return null;
        }

        var size = limit ?? options.Value.ItemsPerFeed;
        var version = versions.Of(topic.Id);
        var key = (topic.Id, format, size, cursor, baseUrl);
        if (cache.TryGetValue(key, out var cached) && cached.Version == version.Number && ReferenceEquals(cached.Topic, topic))
        {
            return cached;
        }

        return await RenderAsync(topic, format, new Uri(baseUrl), limit, size, cursor, version, key, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TopicFeedResponse> RenderAsync(
        Topic topic, TopicFeedFormat format, Uri baseUrl, int? limit, int size, string? cursor, TopicVersion version,
        (string, TopicFeedFormat, int, string?, string) key, CancellationToken cancellationToken)
    {
        var after = cursor is null ? (TopicCursor?)null : DecodeCursor(cursor);
        var page = await store.PageAsync(topic.Id, size, after, cancellationToken).ConfigureAwait(false);
        var links = new TopicFeedLinks(
            baseUrl.AbsoluteUri,
            Url(baseUrl, topic.Id, format, limit, cursor),
            page.Next is { } next ? Url(baseUrl, topic.Id, format, limit, EncodeCursor(next)) : null,
            cursor is null ? null : Url(baseUrl, topic.Id, format, limit, null),
            options.Value.Hub);
        var bytes = TopicFeedWriters.Write(TopicFeed.From(topic, links, version, page), format);
        var response = new TopicFeedResponse(bytes, $"\"{FeedAggregator.Parsing.FeedParser.Hash(bytes)}\"", version.ChangedAt)
        {
            Version = version.Number,
            Topic = topic,
        };
        if (cache.Count >= MaxCached)
        {
            cache.Clear();
        }

        cache[key] = response;
        return response;
    }

    /// <summary>The address of a topic feed page: <c>topics/{id}.{ext}</c>, with the limit when one was asked for and the page's cursor.</summary>
    public static string Url(Uri baseUrl, string topicId, TopicFeedFormat format, int? limit = null, string? cursor = null)
    {
        var url = new StringBuilder(new Uri(baseUrl, $"topics/{Uri.EscapeDataString(topicId)}.{format.Extension()}").AbsoluteUri);
        var separator = '?';
        if (limit is { } size)
        {
            url.Append(separator).Append("limit=").Append(size.ToString(CultureInfo.InvariantCulture));
            separator = '&';
        }

        if (cursor is not null)
        {
            url.Append(separator).Append("cursor=").Append(cursor);
        }

        return url.ToString();
    }

    /// <summary>An opaque cursor: the last item's sort time and id, base64url-encoded.</summary>
    internal static string EncodeCursor(TopicCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{cursor.SortAt}|{cursor.ItemId.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static TopicCursor DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var parts = text.Split('|');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                StoreTime.Read(parts[0]);
                return new TopicCursor(parts[0], id);
            }
        }
        catch (FormatException)
        {
        }

        throw new FormatException($"'{cursor}' is not a cursor of this feed");
    }
}
