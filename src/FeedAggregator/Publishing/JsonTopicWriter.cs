using System.Buffers;
using System.Text.Json;

namespace FeedAggregator.Publishing;

/// <summary>
/// A topic feed as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): version, title and items with ids (required),
/// <c>next_url</c> for the older page, WebSub <c>hubs</c>, and each item's feed in the <c>_source</c> extension.
/// </summary>
public static class JsonTopicWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static byte[] Write(TopicFeed feed)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("version", "https://jsonfeed.org/version/1.1");
            json.WriteString("title", feed.Topic.Title);
            json.WriteString("home_page_url", feed.Links.Home);
            json.WriteString("feed_url", feed.Links.Self);
            if (feed.Topic.Description is { } description)
            {
                json.WriteString("description", description);
            }

            if (feed.Language is { } language)
            {
                json.WriteString("language", language);
            }

            if (feed.Links.Next is { } next)
            {
                json.WriteString("next_url", next);
            }

            if (feed.Links.Hub is { } hub)
            {
                json.WriteStartArray("hubs");
                json.WriteStartObject();
                json.WriteString("type", "WebSub");
                json.WriteString("url", hub);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartObject("_feedaggregator");
            json.WriteString("updated", AtomTopicWriter.Rfc3339(feed.Updated));
            json.WriteString("generator", TopicFeedWriters.Generator);
            json.WriteEndObject();
            json.WriteStartArray("items");
            foreach (var entry in feed.Entries)
            {
                WriteItem(json, entry);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter json, TopicFeedEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("id", entry.Uid);
        if (entry.Link is not null)
        {
            json.WriteString("url", entry.Link);
        }

        json.WriteString("title", entry.Title);
        json.WriteString("content_html", entry.ContentHtml ?? entry.SummaryHtml ?? System.Net.WebUtility.HtmlEncode(entry.SummaryText));
        if (entry.SummaryText.Length > 0)
        {
            json.WriteString("summary", entry.SummaryText);
        }

        json.WriteString("date_published", AtomTopicWriter.Rfc3339(entry.Published));
        json.WriteString("date_modified", AtomTopicWriter.Rfc3339(entry.Updated));
        if (entry.Authors.Count > 0)
        {
            json.WriteStartArray("authors");
            foreach (var author in entry.Authors)
            {
                json.WriteStartObject();
                json.WriteString("name", author.Name ?? author.Email);
                if (author.Uri is not null)
                {
                    json.WriteString("url", author.Uri);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (entry.Categories.Count > 0)
        {
            json.WriteStartArray("tags");
            foreach (var category in entry.Categories)
            {
                json.WriteStringValue(category);
            }

            json.WriteEndArray();
        }

        if (entry.Language is not null)
        {
            json.WriteString("language", entry.Language);
        }

        json.WriteStartObject("_source");
        json.WriteString("feed_id", entry.Source.FeedId);
        if (entry.Source.Title is not null)
        {
            json.WriteString("title", entry.Source.Title);
        }

        if (entry.Source.Url is not null)
        {
            json.WriteString("url", entry.Source.Url);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>What the three writers share.</summary>
public static class TopicFeedWriters
{
    public const string Generator = "FeedAggregator";

    public static byte[] Write(TopicFeed feed, TopicFeedFormat format) => format switch
    {
        TopicFeedFormat.Atom => AtomTopicWriter.Write(feed),
        TopicFeedFormat.Json => JsonTopicWriter.Write(feed),
        _ => RssTopicWriter.Write(feed),
    };
}
