using System.Globalization;
using System.Xml;

namespace FeedAggregator.Publishing;

/// <summary>
/// A topic feed as RSS 2.0 (https://www.rssboard.org/rss-specification): guids that never change, dates in RFC 822,
/// sanitised HTML in <c>description</c> and <c>content:encoded</c>, each item's feed in <c>source</c>, and Atom links for
/// self, hub and RFC 5005 paging (written by <see cref="AtomTopicWriter.Link"/>; the root declares their prefix).
/// </summary>
public static class RssTopicWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string HistoryNs = "http://purl.org/syndication/history/1.0";

    public static byte[] Write(TopicFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlText.CreateWriter(buffer))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "atom", null, AtomNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcNs);
            xml.WriteAttributeString("xmlns", "content", null, ContentNs);
            if (feed.Links.IsArchive)
            {
                xml.WriteAttributeString("xmlns", "fh", null, HistoryNs);
            }

            xml.WriteStartElement("channel");
            xml.WriteElementString("title", XmlText.Clean(feed.Topic.Title));
            xml.WriteElementString("link", feed.Links.Home);
            xml.WriteElementString("description", XmlText.Clean(feed.Topic.Description ?? feed.Topic.Title));
            if (feed.Language is { } language)
            {
                xml.WriteElementString("language", language);
            }

            AtomTopicWriter.Link(xml, "self", feed.Links.Self, TopicFeedFormat.Rss.MediaType());
            AtomTopicWriter.Link(xml, "hub", feed.Links.Hub, null);
            AtomTopicWriter.Link(xml, "next", feed.Links.Next, TopicFeedFormat.Rss.MediaType());
            AtomTopicWriter.Link(xml, "prev-archive", feed.Links.Next, TopicFeedFormat.Rss.MediaType());
            AtomTopicWriter.Link(xml, "current", feed.Links.Current, TopicFeedFormat.Rss.MediaType());
            if (feed.Links.IsArchive)
            {
                xml.WriteElementString("fh", "archive", HistoryNs, "");
            }

            xml.WriteElementString("lastBuildDate", Rfc822(feed.Updated));
            xml.WriteElementString("generator", TopicFeedWriters.Generator);
            foreach (var entry in feed.Entries)
            {
                WriteItem(xml, entry);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteItem(XmlWriter xml, TopicFeedEntry entry)
    {
        xml.WriteStartElement("item");
        xml.WriteElementString("title", XmlText.Clean(entry.Title));
        if (entry.Link is not null)
        {
            xml.WriteElementString("link", XmlText.Clean(entry.Link));
        }

        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString(entry.Uid);
        xml.WriteEndElement();
        xml.WriteElementString("pubDate", Rfc822(entry.Published));
        if (entry.SummaryHtml is not null)
        {
            xml.WriteElementString("description", XmlText.Clean(entry.SummaryHtml));
        }

        if (entry.ContentHtml is not null)
        {
            xml.WriteElementString("encoded", ContentNs, XmlText.Clean(entry.ContentHtml));
        }

        foreach (var author in entry.Authors)
        {
            // RSS's own <author> must be an e-mail address; a name alone goes in dc:creator.
            if (author.Email is not null)
            {
                xml.WriteElementString("author", XmlText.Clean(author.Name is null ? author.Email : $"{author.Email} ({author.Name})"));
            }
            else
            {
                xml.WriteElementString("creator", DcNs, XmlText.Clean(author.Name));
            }
        }

        foreach (var category in entry.Categories)
        {
            xml.WriteElementString("category", XmlText.Clean(category));
        }

        if (entry.Language is not null)
        {
            xml.WriteElementString("language", DcNs, XmlText.Clean(entry.Language));
        }

        if (entry.Source.Url is not null)
        {
            xml.WriteStartElement("source");
            xml.WriteAttributeString("url", XmlText.Clean(entry.Source.Url));
            xml.WriteString(XmlText.Clean(entry.Source.Title ?? entry.Source.FeedId));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>RFC 822 as RFC 1123 writes it, always in GMT.</summary>
    internal static string Rfc822(DateTimeOffset value) => value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
