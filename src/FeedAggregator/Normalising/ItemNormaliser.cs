using System.Buffers;
using System.Text;
using System.Text.Json;
using FeedAggregator.Parsing;

namespace FeedAggregator.Normalising;

/// <summary>From a normalised parsed item to what the store keeps: identity, plain text for matching and search, UTC dates, the item's JSON.</summary>
public static class ItemNormaliser
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="item">An item of a feed that <see cref="FeedNormaliser"/> has made safe.</param>
    public static NormalisedItem Normalise(ParsedItem item, ParsedFeed feed)
    {
        var title = FeedNormaliser.Plain(item.Title);
        var content = FeedNormaliser.Plain(item.Content.FirstOrDefault());
        var summary = item.Summary is not null ? FeedNormaliser.Plain(item.Summary) : content;
        var author = item.Authors.Select(a => a.Name ?? a.Email).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var categories = item.Categories.Select(c => c.Label ?? c.Term).Distinct(StringComparer.Ordinal).ToArray();
        var data = Json(item);
        return new NormalisedItem(
            item.Id ?? "urn:sha256:" + Hash(title + "\n" + summary),
            item.Link,
            title.Length > 0 ? title : Shorten(summary, 80),
            summary,
            author,
            categories,
            item.Language ?? feed.Feed.Language,
            item.Published?.Utc ?? item.Updated?.Utc ?? item.Created?.Utc,
            item.Updated?.Utc,
            Hash(data),
            data)
        {
            Content = content,
        };
    }

    internal static string Json(ParsedItem item)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            FeedJson.WriteItem(json, item);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The project's one short stable hash (the first 16 bytes of SHA-256, hex), shared with item identities.</summary>
    internal static string Hash(string text) => FeedParser.Hash(text);

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, text.LastIndexOf(' ', length) is > 0 and var cut ? cut : length), "…");
}
