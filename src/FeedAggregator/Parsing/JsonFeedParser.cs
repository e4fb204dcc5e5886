using System.Text.Json;

namespace FeedAggregator.Parsing;

/// <summary>JSON Feed 1.0 (https://www.jsonfeed.org/version/1/) and 1.1 (https://www.jsonfeed.org/version/1.1/).</summary>
internal static class JsonFeedParser
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = SafeXml.MaxDepth };

    /// <summary>Fills <paramref name="feed"/>; false when the JSON is not a JSON Feed.</summary>
    public static bool Parse(ReadOnlyMemory<byte> utf8, ParsedFeed feed, Uri? documentUri)
    {
        using var document = JsonDocument.Parse(utf8, Options);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var version = String(root, "version") ?? "";
        if (!version.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        feed.Format = version.TrimEnd('/').EndsWith("/1", StringComparison.Ordinal) ? FeedFormat.Json10 : FeedFormat.Json11;
        ReadFeed(root, feed.Feed, documentUri);
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in items.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object)
                {
                    feed.Items.Add(ReadItem(element, documentUri, feed.Feed.Language));
                }
            }
        }

        return true;
    }

    private static void ReadFeed(JsonElement root, FeedMetadata meta, Uri? baseUri)
    {
        meta.Title = Text(String(root, "title"));
        meta.Subtitle = Text(String(root, "description"));
        meta.Language = String(root, "language");
        meta.Link = Url(root, "home_page_url", baseUri);
        AddLink(meta.LinkList, meta.Link, "alternate");
        AddLink(meta.LinkList, Url(root, "feed_url", baseUri), "self");
        AddLink(meta.LinkList, Url(root, "next_url", baseUri), "next");
        if (root.TryGetProperty("hubs", out var hubs) && hubs.ValueKind == JsonValueKind.Array)
        {
            foreach (var hub in hubs.EnumerateArray())
            {
                AddLink(meta.LinkList, hub.ValueKind == JsonValueKind.Object ? Url(hub, "url", baseUri) : null, "hub");
            }
        }

        // JSON Feed's icon is large (512x512), its favicon small: Atom's logo and icon.
        meta.Logo = Url(root, "icon", baseUri);
        meta.Icon = Url(root, "favicon", baseUri);
        AddAuthors(root, meta.AuthorList, baseUri);
    }

    private static ParsedItem ReadItem(JsonElement element, Uri? baseUri, string? feedLanguage)
    {
        var item = new ParsedItem
        {
            Id = element.TryGetProperty("id", out var id) ? id.ValueKind switch
            {
                JsonValueKind.String => SafeXml.NullIfEmpty(id.GetString()),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            } : null,
            Link = Url(element, "url", baseUri),
            Title = Text(String(element, "title")),
            Summary = Text(String(element, "summary")),
            Published = FeedDates.Parse(String(element, "date_published")),
            Updated = FeedDates.Parse(String(element, "date_modified")),
            Language = String(element, "language") ?? feedLanguage,
        };
        AddLink(item.LinkList, item.Link, "alternate");
        AddLink(item.LinkList, Url(element, "external_url", baseUri), "related");
        AddLink(item.LinkList, Url(element, "image", baseUri), "image");
        AddLink(item.LinkList, Url(element, "banner_image", baseUri), "banner");
        if (String(element, "content_html") is { } html)
        {
            item.ContentList.Add(new ItemContent(html, TextValue.Html, item.Language, baseUri?.AbsoluteUri));
        }

        if (String(element, "content_text") is { } text)
        {
            item.ContentList.Add(new ItemContent(text, TextValue.Plain, item.Language));
        }

        AddAuthors(element, item.AuthorList, baseUri);
        if (element.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String))
            {
                if (SafeXml.NullIfEmpty(tag.GetString()) is { } term)
                {
                    item.CategoryList.Add(new Category(term));
                }
            }
        }

        if (element.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var attachment in attachments.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
            {
                if (Url(attachment, "url", baseUri) is { } url)
                {
                    var size = attachment.TryGetProperty("size_in_bytes", out var s) && s.TryGetInt64(out var n) ? n : (long?)null;
                    item.EnclosureList.Add(new Enclosure(url, String(attachment, "mime_type"), size));
                }
            }
        }

        return item;
    }

    /// <summary>1.1's <c>authors</c> array, or 1.0's single <c>author</c>.</summary>
    private static void AddAuthors(JsonElement element, List<Person> authors, Uri? baseUri)
    {
        if (element.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
            {
                authors.Add(new Person(String(author, "name"), null, Url(author, "url", baseUri)));
            }
        }
        else if (element.TryGetProperty("author", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            authors.Add(new Person(String(single, "name"), null, Url(single, "url", baseUri)));
        }
    }

    private static void AddLink(List<FeedLink> links, string? href, string rel)
    {
        if (href is not null)
        {
            links.Add(new FeedLink(href, rel));
        }
    }

    private static TextValue? Text(string? value) => value is null ? null : new TextValue(value);

    private static string? Url(JsonElement element, string name, Uri? baseUri) => SafeXml.Resolve(baseUri, String(element, name));

    /// <summary>A string property; a number where a string belongs is taken as written.</summary>
    private static string? String(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? SafeXml.NullIfEmpty(value.GetString())
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;
}
