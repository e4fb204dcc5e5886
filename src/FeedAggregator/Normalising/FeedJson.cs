using System.Globalization;
using System.Text.Json;
using FeedAggregator.Parsing;

namespace FeedAggregator.Normalising;

/// <summary>
/// The normalised model as JSON, field names exactly as documented in docs/parser.md: what <c>parse</c> prints and
/// what the store keeps per item. Absent values are omitted; dates carry their raw text and UTC.
/// </summary>
public static class FeedJson
{
    public static void WriteFeed(Utf8JsonWriter json, ParsedFeed feed, string? path)
    {
        json.WriteStartObject();
        if (path is not null)
        {
            json.WriteString("path", path);
        }

        json.WriteBoolean("wellFormed", feed.WellFormed);
        json.WriteStartArray("problems");
        foreach (var problem in feed.Problems)
        {
            json.WriteStringValue(problem);
        }

        json.WriteEndArray();
        if (feed.Format is { } format)
        {
            json.WriteString("format", format.ToString().ToLowerInvariant());
        }

        Optional(json, "encoding", feed.Encoding);
        if (feed.IsFeed)
        {
            json.WritePropertyName("feed");
            WriteMetadata(json, feed.Feed);
        }

        json.WriteStartArray("items");
        foreach (var item in feed.Items)
        {
            WriteItem(json, item);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteItem(Utf8JsonWriter json, ParsedItem item)
    {
        json.WriteStartObject();
        Optional(json, "id", item.Id);
        json.WriteBoolean("isPermaLink", item.IsPermaLink);
        Text(json, "title", item.Title);
        Text(json, "summary", item.Summary);
        Array(json, "content", item.Content, (w, c) =>
        {
            w.WriteStartObject();
            TextFields(w, c);
            Optional(w, "src", c.Src);
            w.WriteEndObject();
        });
        Optional(json, "link", item.Link);
        Links(json, item.Links);
        Array(json, "enclosures", item.Enclosures, (w, e) =>
        {
            w.WriteStartObject();
            w.WriteString("url", e.Url);
            Optional(w, "type", e.Type);
            if (e.Length is { } length)
            {
                w.WriteNumber("length", length);
            }

            w.WriteEndObject();
        });
        Date(json, "published", item.Published);
        Date(json, "updated", item.Updated);
        Date(json, "created", item.Created);
        People(json, "authors", item.Authors);
        People(json, "contributors", item.Contributors);
        Categories(json, item.Categories);
        Optional(json, "comments", item.Comments);
        if (item.CommentCount is { } count)
        {
            json.WriteNumber("commentCount", count);
        }

        Text(json, "rights", item.Rights);
        Optional(json, "language", item.Language);
        if (item.Source is { } source)
        {
            json.WritePropertyName("source");
            WriteMetadata(json, source);
        }

        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, FeedMetadata meta)
    {
        json.WriteStartObject();
        Text(json, "title", meta.Title);
        Text(json, "subtitle", meta.Subtitle);
        Text(json, "rights", meta.Rights);
        Optional(json, "link", meta.Link);
        Links(json, meta.Links);
        Optional(json, "id", meta.Id);
        Optional(json, "language", meta.Language);
        Date(json, "updated", meta.Updated);
        Date(json, "published", meta.Published);
        People(json, "authors", meta.Authors);
        People(json, "contributors", meta.Contributors);
        Categories(json, meta.Categories);
        if (meta.Image is { } image)
        {
            json.WriteStartObject("image");
            Optional(json, "url", image.Url);
            Optional(json, "title", image.Title);
            Optional(json, "link", image.Link);
            Number(json, "width", image.Width);
            Number(json, "height", image.Height);
            json.WriteEndObject();
        }

        Optional(json, "icon", meta.Icon);
        Optional(json, "logo", meta.Logo);
        if (meta.Generator is { } generator)
        {
            json.WriteStartObject("generator");
            Optional(json, "name", generator.Name);
            Optional(json, "uri", generator.Uri);
            Optional(json, "version", generator.Version);
            json.WriteEndObject();
        }

        Number(json, "ttl", meta.Ttl);
        Optional(json, "docs", meta.Docs);
        json.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter json, string name, TextValue? text)
    {
        if (text is null)
        {
            return;
        }

        json.WriteStartObject(name);
        TextFields(json, text);
        json.WriteEndObject();
    }

    private static void TextFields(Utf8JsonWriter json, TextConstruct text)
    {
        json.WriteString("value", text.Text.Utf8);
        json.WriteString("type", text.Type);
        Optional(json, "lang", text.Lang);
        Optional(json, "base", text.Base);
    }

    private static void Date(Utf8JsonWriter json, string name, FeedDate? date)
    {
        if (date is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("raw", date.Raw);
        if (date.Utc is { } utc)
        {
            json.WriteString("utc", utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull("utc");
        }

        if (date.ZoneAssumed)
        {
            json.WriteBoolean("zoneAssumed", true);
        }

        json.WriteEndObject();
    }

    private static void Links(Utf8JsonWriter json, IReadOnlyList<FeedLink> links) =>
        Array(json, "links", links, (w, l) =>
        {
            w.WriteStartObject();
            Optional(w, "rel", l.Rel);
            w.WriteString("href", l.Href);
            Optional(w, "type", l.Type);
            Optional(w, "title", l.Title);
            if (l.Length is { } length)
            {
                w.WriteNumber("length", length);
            }

            Optional(w, "hreflang", l.HrefLang);
            w.WriteEndObject();
        });

    private static void People(Utf8JsonWriter json, string name, IReadOnlyList<Person> people) =>
        Array(json, name, people, (w, p) =>
        {
            w.WriteStartObject();
            Optional(w, "name", p.Name);
            Optional(w, "email", p.Email);
            Optional(w, "uri", p.Uri);
            w.WriteEndObject();
        });

    private static void Categories(Utf8JsonWriter json, IReadOnlyList<Category> categories) =>
        Array(json, "categories", categories, (w, c) =>
        {
            w.WriteStartObject();
            w.WriteString("term", c.Term);
            Optional(w, "scheme", c.Scheme);
            Optional(w, "label", c.Label);
            w.WriteEndObject();
        });

    private static void Array<T>(Utf8JsonWriter json, string name, IReadOnlyList<T> values, Action<Utf8JsonWriter, T> write)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            write(json, value);
        }

        json.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
