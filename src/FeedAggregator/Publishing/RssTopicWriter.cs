using System.Globalization;
using System.Xml;
using FeedAggregator.Storage;
using FeedAggregator.Topics;

namespace FeedAggregator.Publishing;

/// <summary>
/// Writes a topic as RSS 2.0 (https://www.rssboard.org/rss-specification): one channel, the newest items first,
/// guids that never change, dates in RFC 822, text only (no markup is republished).
/// </summary>
public static class RssTopicWriter
{
    public const string ContentType = "application/rss+xml; charset=utf-8";
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static byte[] Write(Topic topic, IReadOnlyList<StoredItem> items, Uri baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlText.CreateWriter(buffer))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "atom", null, AtomNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcNs);
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", XmlText.Clean(topic.Title));
            xml.WriteElementString("link", baseUrl.AbsoluteUri);
            xml.WriteElementString("description", XmlText.Clean(topic.Description ?? topic.Title));
            xml.WriteStartElement("link", AtomNs);
            xml.WriteAttributeString("href", new Uri(baseUrl, $"topics/{topic.Id}.rss").AbsoluteUri);
            xml.WriteAttributeString("rel", "self");
            xml.WriteAttributeString("type", "application/rss+xml");
            xml.WriteEndElement();
            if (items.Count > 0)
            {
                xml.WriteElementString("lastBuildDate", Rfc822(items.Max(i => i.Updated is { } u && u > i.FirstSeen ? u : i.FirstSeen)));
            }

            xml.WriteElementString("generator", "FeedAggregator");
            foreach (var item in items)
            {
                WriteItem(xml, item);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteItem(XmlWriter xml, StoredItem item)
    {
        xml.WriteStartElement("item");
        xml.WriteElementString("title", XmlText.Clean(item.Title));
        if (item.Link is not null)
        {
            xml.WriteElementString("link", XmlText.Clean(item.Link));
        }

        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString(item.Uid);
        xml.WriteEndElement();
        xml.WriteElementString("pubDate", Rfc822(item.Published ?? item.FirstSeen));
        if (item.Summary.Length > 0)
        {
            xml.WriteElementString("description", XmlText.Clean(item.Summary));
        }

        if (item.Author is not null)
        {
            xml.WriteElementString("creator", DcNs, XmlText.Clean(item.Author));
        }

        foreach (var category in item.Categories)
        {
            xml.WriteElementString("category", XmlText.Clean(category));
        }

        // A file source is the operator's local path: worth nothing to a reader, and not ours to disclose.
        if (item.FeedUrl is not null && item.FeedUrl.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            xml.WriteStartElement("source");
            xml.WriteAttributeString("url", XmlText.Clean(item.FeedUrl));
            xml.WriteString(XmlText.Clean(item.FeedTitle ?? item.FeedId));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>RFC 822 as RFC 1123 writes it, always in GMT.</summary>
    internal static string Rfc822(DateTimeOffset value) => value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
