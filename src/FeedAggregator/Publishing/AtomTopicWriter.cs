using System.Globalization;
using System.Xml;

namespace FeedAggregator.Publishing;

/// <summary>
/// A topic feed as Atom 1.0 (RFC 4287). Every MUST is met: feed and entries carry id, title and updated; an entry
/// without an author of its own carries an <c>atom:source</c> naming its feed, with that feed as author (§4.1.2).
/// Ids are <c>urn:uuid</c> forms of the items' public ids, so they never change with the address the feed is read at.
/// </summary>
public static class AtomTopicWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string HistoryNs = "http://purl.org/syndication/history/1.0";

    public static byte[] Write(TopicFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlText.CreateWriter(buffer))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNs);
            if (feed.Links.IsArchive)
            {
                xml.WriteAttributeString("xmlns", "fh", null, HistoryNs);
            }

            if (feed.Language is { } language)
            {
                xml.WriteAttributeString("xml", "lang", null, language);
            }

            xml.WriteElementString("id", AtomNs, TopicFeedIds.Urn(FeedAggregator.Parsing.FeedParser.Hash("topic\n" + feed.Topic.Id)));
            Text(xml, "title", feed.Topic.Title);
            if (feed.Topic.Description is { } description)
            {
                Text(xml, "subtitle", description);
            }

            xml.WriteElementString("updated", AtomNs, Rfc3339(feed.Updated));
            Link(xml, "self", feed.Links.Self, TopicFeedFormat.Atom.MediaType());
            Link(xml, "alternate", feed.Links.Home, "text/html");
            Link(xml, "hub", feed.Links.Hub, null);
            Link(xml, "next", feed.Links.Next, TopicFeedFormat.Atom.MediaType());
            Link(xml, "prev-archive", feed.Links.Next, TopicFeedFormat.Atom.MediaType());
            Link(xml, "current", feed.Links.Current, TopicFeedFormat.Atom.MediaType());
            if (feed.Links.IsArchive)
            {
                xml.WriteElementString("fh", "archive", HistoryNs, "");
            }

            xml.WriteStartElement("generator", AtomNs);
            xml.WriteString(TopicFeedWriters.Generator);
            xml.WriteEndElement();
            foreach (var entry in feed.Entries)
            {
                WriteEntry(xml, entry);
            }

            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteEntry(XmlWriter xml, TopicFeedEntry entry)
    {
        xml.WriteStartElement("entry", AtomNs);
        if (entry.Language is not null)
        {
            xml.WriteAttributeString("xml", "lang", null, XmlText.Clean(entry.Language));
        }

        xml.WriteElementString("id", AtomNs, entry.Urn);
        Text(xml, "title", entry.Title);
        xml.WriteElementString("published", AtomNs, Rfc3339(entry.Published));
        xml.WriteElementString("updated", AtomNs, Rfc3339(entry.Updated));
        Link(xml, "alternate", entry.Link, "text/html");
        foreach (var author in entry.Authors)
        {
            Person(xml, author.Name ?? author.Email!, author.Email, author.Uri);
        }

        foreach (var category in entry.Categories)
        {
            xml.WriteStartElement("category", AtomNs);
            xml.WriteAttributeString("term", XmlText.Clean(category));
            xml.WriteEndElement();
        }

        if (entry.SummaryHtml is not null)
        {
            Text(xml, "summary", entry.SummaryHtml, html: true);
        }

        if (entry.ContentHtml is not null)
        {
            Text(xml, "content", entry.ContentHtml, html: true);
        }

        xml.WriteStartElement("source", AtomNs);
        xml.WriteElementString("id", AtomNs, XmlText.Clean(entry.Source.Url ?? TopicFeedIds.Urn(FeedAggregator.Parsing.FeedParser.Hash("feed\n" + entry.Source.FeedId))));
        Text(xml, "title", entry.Source.Title ?? entry.Source.FeedId);
        Link(xml, "self", entry.Source.Url, null);
        if (entry.Authors.Count == 0)
        {
            Person(xml, entry.Source.Title ?? entry.Source.FeedId, null, null);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string name, string value, bool html = false)
    {
        xml.WriteStartElement(name, AtomNs);
        xml.WriteAttributeString("type", html ? "html" : "text");
        xml.WriteString(XmlText.Clean(value));
        xml.WriteEndElement();
    }

    private static void Person(XmlWriter xml, string name, string? email, string? uri)
    {
        xml.WriteStartElement("author", AtomNs);
        xml.WriteElementString("name", AtomNs, XmlText.Clean(name));
        if (email is not null)
        {
            xml.WriteElementString("email", AtomNs, XmlText.Clean(email));
        }

        if (uri is not null)
        {
            xml.WriteElementString("uri", AtomNs, XmlText.Clean(uri));
        }

        xml.WriteEndElement();
    }

    /// <summary>An <c>atom:link</c>, in Atom and in RSS alike; nothing when there is no <paramref name="href"/>.</summary>
    internal static void Link(XmlWriter xml, string rel, string? href, string? type)
    {
        if (href is null)
        {
            return;
        }

        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", XmlText.Clean(href));
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        xml.WriteEndElement();
    }

    /// <summary>RFC 3339 in UTC with a Z, to the second.</summary>
    internal static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
