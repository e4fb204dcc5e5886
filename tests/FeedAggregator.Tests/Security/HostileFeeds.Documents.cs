using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace FeedAggregator.Tests.Security;

/// <summary>The three documents: each vector in every place its format carries text.</summary>
internal static partial class HostileFeeds
{
    private static byte[] Rss(IReadOnlyList<XssVector> items, XssVector meta, DateTimeOffset newest)
    {
        return Xml(xml =>
        {
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "content", null, ContentNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcNs);
            xml.WriteAttributeString("xmlns", "media", null, MediaNs);
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", Html(meta.Text));
            xml.WriteElementString("link", Plain(meta.Text));
            xml.WriteElementString("description", Html(meta.Text));
            xml.WriteStartElement("image");
            xml.WriteElementString("url", Plain(meta.Text));
            xml.WriteElementString("title", Html(meta.Text));
            xml.WriteElementString("link", Plain(meta.Text));
            xml.WriteEndElement();
            foreach (var vector in items)
            {
                var text = vector.Text;
                xml.WriteStartElement("item");
                xml.WriteAttributeString("xml", "lang", null, Plain(text));
                xml.WriteElementString("title", Html(text));
                xml.WriteElementString("link", Plain(text));
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "false");
                xml.WriteString(ItemId(SourceFormat.Rss, vector.Number));
                xml.WriteEndElement();
                xml.WriteElementString("pubDate", Published(newest, vector.Number).ToString("r", CultureInfo.InvariantCulture));
                xml.WriteElementString("description", Html(text));
                xml.WriteElementString("encoded", ContentNs, Html(text));
                xml.WriteElementString("author", Plain(text));
                xml.WriteElementString("creator", DcNs, Plain(text));
                xml.WriteElementString("category", Plain(text));
                xml.WriteElementString("category", GroupWord(SourceFormat.Rss, vector.Number));
                xml.WriteStartElement("enclosure");
                xml.WriteAttributeString("url", Plain(text));
                xml.WriteAttributeString("type", "audio/mpeg");
                xml.WriteAttributeString("length", "1");
                xml.WriteEndElement();
                xml.WriteElementString("comments", Plain(text));
                xml.WriteStartElement("thumbnail", MediaNs);
                xml.WriteAttributeString("url", Plain(text));
                xml.WriteEndElement();
                xml.WriteStartElement("source");
                xml.WriteAttributeString("url", Plain(text));
                xml.WriteString(Plain(text));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }

    private static byte[] Atom(IReadOnlyList<XssVector> items, XssVector meta, DateTimeOffset newest)
    {
        return Xml(xml =>
        {
            xml.WriteStartElement("feed", AtomNs);
            xml.WriteElementString("id", AtomNs, "urn:x-test:feed-" + meta.Number.ToString(CultureInfo.InvariantCulture));
            TextConstruct(xml, "title", meta.Text, "html");
            TextConstruct(xml, "subtitle", meta.Text, "html");
            xml.WriteElementString("updated", AtomNs, Rfc3339(newest));
            Link(xml, "alternate", meta.Text);
            xml.WriteElementString("icon", AtomNs, Plain(meta.Text));
            xml.WriteElementString("logo", AtomNs, Plain(meta.Text));
            xml.WriteStartElement("author", AtomNs);
            xml.WriteElementString("name", AtomNs, Plain(meta.Text));
            xml.WriteElementString("uri", AtomNs, Plain(meta.Text));
            xml.WriteEndElement();
            foreach (var vector in items)
            {
                var text = vector.Text;
                var published = Rfc3339(Published(newest, vector.Number));
                xml.WriteStartElement("entry", AtomNs);
                xml.WriteAttributeString("xml", "lang", null, Plain(text));
                xml.WriteElementString("id", AtomNs, ItemId(SourceFormat.Atom, vector.Number));

                // Titles alternate between the two text types; summaries are escaped HTML; content is inline XHTML
                // when the vector is well-formed XML, escaped HTML otherwise.
                TextConstruct(xml, "title", text, vector.Number % 2 == 0 ? "html" : "text");
                xml.WriteElementString("published", AtomNs, published);
                xml.WriteElementString("updated", AtomNs, published);
                Link(xml, "alternate", text);
                Link(xml, "enclosure", text);
                Link(xml, "related", text);
                xml.WriteStartElement("author", AtomNs);
                xml.WriteElementString("name", AtomNs, Plain(text));
                xml.WriteElementString("email", AtomNs, Plain(text));
                xml.WriteElementString("uri", AtomNs, Plain(text));
                xml.WriteEndElement();
                xml.WriteStartElement("category", AtomNs);
                xml.WriteAttributeString("term", Plain(text));
                xml.WriteAttributeString("label", Plain(text));
                xml.WriteAttributeString("scheme", Plain(text));
                xml.WriteEndElement();
                xml.WriteStartElement("category", AtomNs);
                xml.WriteAttributeString("term", GroupWord(SourceFormat.Atom, vector.Number));
                xml.WriteEndElement();
                TextConstruct(xml, "summary", text, "html");
                if (IsXhtmlFragment(text))
                {
                    xml.WriteStartElement("content", AtomNs);
                    xml.WriteAttributeString("type", "xhtml");
                    xml.WriteStartElement("div", XhtmlNs);
                    xml.WriteRaw(text);
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                else
                {
                    TextConstruct(xml, "content", text, "html");
                }

                xml.WriteStartElement("source", AtomNs);
                xml.WriteElementString("id", AtomNs, Plain(text));
                TextConstruct(xml, "title", text, "html");
                Link(xml, "self", text);
                xml.WriteElementString("icon", AtomNs, Plain(text));
                xml.WriteElementString("logo", AtomNs, Plain(text));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        });
    }

    private static byte[] Json(IReadOnlyList<XssVector> items, XssVector meta, DateTimeOffset newest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", "https://jsonfeed.org/version/1.1");
            json.WriteString("title", meta.Text);
            json.WriteString("home_page_url", meta.Text);
            json.WriteString("feed_url", meta.Text);
            json.WriteString("description", meta.Text);
            json.WriteString("icon", meta.Text);
            json.WriteString("favicon", meta.Text);
            json.WriteStartArray("authors");
            json.WriteStartObject();
            json.WriteString("name", meta.Text);
            json.WriteString("url", meta.Text);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("items");
            foreach (var vector in items)
            {
                var text = vector.Text;
                json.WriteStartObject();
                json.WriteString("id", ItemId(SourceFormat.Json, vector.Number));
                json.WriteString("url", text);
                json.WriteString("external_url", text);
                json.WriteString("title", text);
                json.WriteString("summary", text);
                json.WriteString("content_html", text);
                json.WriteString("content_text", text);
                json.WriteString("image", text);
                json.WriteString("banner_image", text);
                json.WriteString("date_published", Rfc3339(Published(newest, vector.Number)));
                json.WriteString("language", text);
                json.WriteStartArray("authors");
                json.WriteStartObject();
                json.WriteString("name", text);
                json.WriteString("url", text);
                json.WriteString("avatar", text);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartArray("tags");
                json.WriteStringValue(text);
                json.WriteStringValue(GroupWord(SourceFormat.Json, vector.Number));
                json.WriteEndArray();
                json.WriteStartArray("attachments");
                json.WriteStartObject();
                json.WriteString("url", text);
                json.WriteString("mime_type", "audio/mpeg");
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
