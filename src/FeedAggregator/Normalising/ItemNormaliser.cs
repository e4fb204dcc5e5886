using System.Security.Cryptography;
using System.Text;
using FeedAggregator.Parsing;

namespace FeedAggregator.Normalising;

/// <summary>From what a feed said to what we keep: a settled identity, plain text, UTC dates.</summary>
public static class ItemNormaliser
{
    public static NormalisedItem Normalise(ParsedItem item, ParsedFeed feed)
    {
        var title = PlainText.From(item.Title?.Value);
        var summary = PlainText.From(item.Summary?.Value is { Length: > 0 } s ? s : item.Content?.Value);
        var link = item.Link;
        var identity = Identity(item, link, title, summary);
        var author = item.Authors.Select(a => a.Name ?? a.Email).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var categories = item.Categories.Select(c => c.Label ?? c.Term).Distinct(StringComparer.Ordinal).ToArray();
        var language = item.Language ?? feed.Language;
        return new NormalisedItem(
            identity,
            link,
            title.Length > 0 ? title : Shorten(summary, 80),
            summary,
            author,
            categories,
            language,
            item.Published?.Utc ?? item.Updated?.Utc,
            item.Updated?.Utc,
            Hash($"{title}\n{summary}\n{link}"));
    }

    /// <summary>The feed's guid or id; else a stable hash of the link; else of title plus summary.</summary>
    private static string Identity(ParsedItem item, string? link, string title, string summary) =>
        !string.IsNullOrWhiteSpace(item.Id) ? item.Id.Trim()
        : link is not null ? "link:" + Hash(link)
        : "text:" + Hash(title + "\n" + summary);

    internal static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, text.LastIndexOf(' ', length) is > 0 and var cut ? cut : length), "…");
}
