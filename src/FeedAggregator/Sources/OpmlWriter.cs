using System.Globalization;
using FeedAggregator.Publishing;

namespace FeedAggregator.Sources;

/// <summary>
/// Every configured feed as an OPML 2.0 subscription list (http://opml.org/spec2.opml). Feed readers show the feeds in
/// folders: each feed sits in a category outline named after its first tag. The <c>category</c> attribute lists all of
/// its tags and <c>feedaggregator:id</c> keeps its id, so that <see cref="OpmlReader"/> and <see cref="OpmlImport"/> bring
/// back the same ids, URLs, titles, languages and tags.
/// </summary>
internal static class OpmlWriter
{
    public static byte[] Write(IReadOnlyList<FeedSource> feeds, DateTimeOffset created)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlText.CreateWriter(buffer))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("opml");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "feedaggregator", null, OpmlReader.Namespace);
            xml.WriteStartElement("head");
            xml.WriteElementString("title", "FeedAggregator feeds");
            xml.WriteElementString("dateCreated", created.UtcDateTime.ToString("r", CultureInfo.InvariantCulture));
            xml.WriteElementString("docs", "http://opml.org/spec2.opml");
            xml.WriteEndElement();
            xml.WriteStartElement("body");
            foreach (var folder in feeds.GroupBy(f => f.Tags.Count > 0 ? f.Tags[0] : null).OrderBy(g => g.Key is null))
            {
                if (folder.Key is not null)
                {
                    xml.WriteStartElement("outline");
                    xml.WriteAttributeString("text", XmlText.Clean(folder.Key));
                    xml.WriteAttributeString("title", XmlText.Clean(folder.Key));
                }

                foreach (var feed in folder)
                {
                    WriteFeed(xml, feed);
                }

                if (folder.Key is not null)
                {
                    xml.WriteEndElement();
                }
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteFeed(System.Xml.XmlWriter xml, FeedSource feed)
    {
        // Spec 2.0, "Subscription lists": type, text and xmlUrl are required; title is optional.
        xml.WriteStartElement("outline");
        xml.WriteAttributeString("type", "rss");
        xml.WriteAttributeString("text", XmlText.Clean(feed.Title ?? feed.Id));
        if (feed.Title is not null)
        {
            xml.WriteAttributeString("title", XmlText.Clean(feed.Title));
        }

        xml.WriteAttributeString("xmlUrl", feed.Url.AbsoluteUri);
        if (feed.Language is not null)
        {
            xml.WriteAttributeString("language", feed.Language);
        }

        if (feed.Tags.Count > 0)
        {
            xml.WriteAttributeString("category", XmlText.Clean(string.Join(",", feed.Tags)));
        }

        xml.WriteAttributeString("id", OpmlReader.Namespace, feed.Id);
        xml.WriteEndElement();
    }
}
