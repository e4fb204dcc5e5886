using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Storage;
using FeedAggregator.Topics;

namespace FeedAggregator.Publishing;

/// <summary>
/// One page of a topic feed, the single model the RSS, Atom and JSON Feed writers share: the topic, the links the
/// page carries (self, home, RFC 5005 paging, WebSub hub), its newest change, and its entries.
/// </summary>
public sealed record TopicFeed(Topic Topic, TopicFeedLinks Links, DateTimeOffset Updated, IReadOnlyList<TopicFeedEntry> Entries)
{
    /// <summary>The topic's one language, when it is limited to one: the feed's language.</summary>
    public string? Language => Topic.Languages.Count == 1 ? Topic.Languages[0] : null;

    public static TopicFeed From(Topic topic, TopicFeedLinks links, TopicVersion version, TopicItemsPage page) =>
        new(topic, links, version.ChangedAt ?? DateTimeOffset.UnixEpoch, [.. page.Items.Select(TopicFeedEntry.From)]);
}

/// <summary>
/// A page's links. <see cref="Next"/> is the next, older page (RFC 5005 §3 "next", also offered as §4 "prev-archive");
/// a page reached by cursor is an archive page whose <see cref="Current"/> is the subscription document.
/// </summary>
public sealed record TopicFeedLinks(string Home, string Self, string? Next, string? Current, string? Hub)
{
    public bool IsArchive => Current is not null;
}

public sealed record TopicFeedAuthor(string? Name, string? Email, string? Uri);

/// <summary>The feed an entry came from: its id, title and (for http sources only) URL.</summary>
public sealed record TopicFeedSource(string FeedId, string? Title, string? Url);

/// <param name="Uid">The item's public id: a hash of feed id and item identity, unchanged by re-ingest and rebuilds.</param>
/// <param name="SummaryHtml">Sanitised HTML of the summary (plain summaries HTML-encoded).</param>
/// <param name="ContentHtml">Sanitised HTML of the full content, when the item has more than its summary.</param>
public sealed record TopicFeedEntry(
    string Uid,
    string? Link,
    string Title,
    string SummaryText,
    string? SummaryHtml,
    string? ContentHtml,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    IReadOnlyList<TopicFeedAuthor> Authors,
    IReadOnlyList<string> Categories,
    string? Language,
    TopicFeedSource Source)
{
    /// <summary>The public id as a URN (RFC 9562 form, version 8), for formats whose ids must be IRIs.</summary>
    public string Urn => TopicFeedIds.Urn(Uid);

    public static TopicFeedEntry From(TopicItemsPageItem row)
    {
        var item = row.Item;
        using var data = JsonDocument.Parse(row.Data);
        var json = data.RootElement;
        var summary = Html(json, "summary");
        var content = json.TryGetProperty("content", out var contents) && contents.ValueKind == JsonValueKind.Array && contents.GetArrayLength() > 0
            ? Html(contents[0])
            : null;
        var authors = json.TryGetProperty("authors", out var people) && people.ValueKind == JsonValueKind.Array
            ? people.EnumerateArray().Select(p => new TopicFeedAuthor(Text(p, "name"), Text(p, "email"), WebLinks.Http(Text(p, "uri"))))
                .Where(a => a.Name is not null || a.Email is not null).ToList()
            : [];
        if (authors.Count == 0 && item.Author is not null)
        {
            authors.Add(new TopicFeedAuthor(item.Author, null, null));
        }

        var published = item.Published ?? item.FirstSeen;
        return new TopicFeedEntry(
            item.Uid,
            WebLinks.Http(item.Link),
            item.Title,
            item.Summary,
            summary ?? content,
            content is not null && content != summary ? content : null,
            published,
            item.Updated is { } updated && updated > published ? updated : published,
            authors,
            item.Categories,
            item.Language,
            new TopicFeedSource(item.FeedId, item.FeedTitle, WebLinks.Http(item.FeedUrl)));
    }

    /// <summary>A text construct of the item's JSON as HTML, sanitised again on the way out: plain text encoded, markup allow-listed.</summary>
    private static string? Html(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.Object ? Html(text) : null;

    private static string? Html(JsonElement text)
    {
        var value = Text(text, "value");
        if (value is null)
        {
            return null;
        }

        var type = Text(text, "type");
        return type is "text/html" or "application/xhtml+xml"
            ? NullIfBlank(HtmlSanitizer.Sanitize(value, null))
            : System.Net.WebUtility.HtmlEncode(value);
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? NullIfBlank(value.GetString()) : null;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

internal static class TopicFeedIds
{
    /// <summary>A 32-hex-digit id as <c>urn:uuid:</c> with the RFC 9562 version 8 and variant bits set: stable, and valid wherever an IRI is required.</summary>
    public static string Urn(string hex)
    {
        var digits = (hex.Length >= 32 ? hex[..32] : FeedAggregator.Parsing.FeedParser.Hash(hex)).ToCharArray();
        digits[12] = '8';
        digits[16] = "89ab"[Convert.ToInt32(digits[16].ToString(), 16) & 3];
        var text = new string(digits);
        return $"urn:uuid:{text[..8]}-{text[8..12]}-{text[12..16]}-{text[16..20]}-{text[20..]}";
    }
}
