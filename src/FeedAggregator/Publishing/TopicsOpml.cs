using System.Xml;
using FeedAggregator.Topics;

namespace FeedAggregator.Publishing;

/// <summary>
/// Every topic's RSS feed as an OPML 2.0 subscription list (http://opml.org/spec2.opml), for importing all of them
/// into a feed reader at once.
/// </summary>
internal static class TopicsOpml
{
    public const string ContentType = "text/x-opml; charset=utf-8";

    public static byte[] Write(IReadOnlyList<Topic> topics, Uri baseUrl, DateTimeOffset created)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlText.CreateWriter(buffer))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("opml");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteStartElement("head");
            xml.WriteElementString("title", "FeedAggregator topic feeds");
            xml.WriteElementString("dateCreated", RssTopicWriter.Rfc822(created));
            xml.WriteElementString("docs", "http://opml.org/spec2.opml");
            xml.WriteEndElement();
            xml.WriteStartElement("body");
            foreach (var topic in topics)
            {
                // Spec 2.0, "Subscription lists": type, text and xmlUrl are required; title, htmlUrl and description optional.
                xml.WriteStartElement("outline");
                xml.WriteAttributeString("type", "rss");
                xml.WriteAttributeString("text", XmlText.Clean(topic.Title));
                xml.WriteAttributeString("title", XmlText.Clean(topic.Title));
                xml.WriteAttributeString("xmlUrl", TopicFeedBuilder.Url(baseUrl, topic.Id, TopicFeedFormat.Rss));
                xml.WriteAttributeString("htmlUrl", baseUrl.AbsoluteUri);
                if (!string.IsNullOrEmpty(topic.Description))
                {
                    xml.WriteAttributeString("description", XmlText.Clean(topic.Description));
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }
}
