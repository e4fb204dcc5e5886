using System.Buffers;
using System.Text;
using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

/// <summary>Each extension element and text-construct shape, and where it lands in the normalised JSON (docs/parser.md).</summary>
public sealed class ExtensionTests
{
    private const string Namespaces =
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
        + "xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
        + "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\" "
        + "xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"";

    [TestCase("<dc:creator>Anna</dc:creator>", "\"authors\":[{\"name\":\"Anna\"}]")]
    [TestCase("<author>anna@example.org (Anna K)</author>", "\"authors\":[{\"name\":\"Anna K\",\"email\":\"anna@example.org\"}]")]
    [TestCase("<itunes:author>Anna</itunes:author>", "\"authors\":[{\"name\":\"Anna\"}]")]
    [TestCase("<dc:publisher>Agency</dc:publisher>", "\"contributors\":[{\"name\":\"Agency\"}]")]
    [TestCase("<dc:date>2024-05-01T10:00:00Z</dc:date>", "\"published\":{\"raw\":\"2024-05-01T10:00:00Z\",\"utc\":\"2024-05-01T10:00:00Z\"}")]
    [TestCase("<dc:subject>Courts</dc:subject>", "\"categories\":[{\"term\":\"Courts\"}]")]
    [TestCase("<category domain=\"https://x.org/s\">Courts</category>", "\"categories\":[{\"term\":\"Courts\",\"scheme\":\"https://x.org/s\"}]")]
    [TestCase("<dc:language>uk</dc:language>", "\"language\":\"uk\"")]
    [TestCase("<dc:rights>CC BY</dc:rights>", "\"rights\":{\"value\":\"CC BY\",\"type\":\"text/plain\"}")]
    [TestCase("<content:encoded><![CDATA[<p>Full</p>]]></content:encoded>", "\"content\":[{\"value\":\"<p>Full</p>\",\"type\":\"text/html\"}]")]
    [TestCase("<atom:link rel=\"related\" href=\"https://x.org/r\"/>", "\"links\":[{\"rel\":\"related\",\"href\":\"https://x.org/r\"}]")]
    [TestCase("<media:content url=\"https://x.org/v.mp4\" type=\"video/mp4\" fileSize=\"99\"/>", "\"enclosures\":[{\"url\":\"https://x.org/v.mp4\",\"type\":\"video/mp4\",\"length\":99}]")]
    [TestCase("<media:group><media:content url=\"https://x.org/a.jpg\" medium=\"image\"/></media:group>", "\"enclosures\":[{\"url\":\"https://x.org/a.jpg\",\"type\":\"image/*\"}]")]
    [TestCase("<media:thumbnail url=\"https://x.org/t.jpg\"/>", "\"links\":[{\"rel\":\"thumbnail\",\"href\":\"https://x.org/t.jpg\"}]")]
    [TestCase("<media:description>Photo caption</media:description>", "\"summary\":{\"value\":\"Photo caption\",\"type\":\"text/plain\"")]
    [TestCase("<media:credit role=\"photographer\">Sam</media:credit>", "\"contributors\":[{\"name\":\"Sam\"}]")]
    [TestCase("<itunes:summary>Episode notes</itunes:summary>", "\"summary\":{\"value\":\"Episode notes\",\"type\":\"text/plain\"}")]
    [TestCase("<itunes:image href=\"https://x.org/cover.jpg\"/>", "\"links\":[{\"rel\":\"image\",\"href\":\"https://x.org/cover.jpg\"}]")]
    [TestCase("<slash:comments>42</slash:comments>", "\"commentCount\":42")]
    [TestCase("<wfw:commentRss>https://x.org/c.rss</wfw:commentRss>", "\"links\":[{\"rel\":\"replies\",\"href\":\"https://x.org/c.rss\",\"type\":\"application/rss+xml\"}]")]
    [TestCase("<comments>https://x.org/c</comments>", "\"comments\":\"https://x.org/c\"")]
    [TestCase("<source url=\"https://origin.example/rss\">Origin</source>", "\"source\":{\"title\":{\"value\":\"Origin\",\"type\":\"text/plain\"},\"links\":[{\"rel\":\"self\",\"href\":\"https://origin.example/rss\"}]}")]
    [TestCase("<enclosure url=\"https://x.org/a.mp3\" length=\"5\" type=\"audio/mpeg\"/>", "\"enclosures\":[{\"url\":\"https://x.org/a.mp3\",\"type\":\"audio/mpeg\",\"length\":5}]")]
    public void RssItemElement_LandsInTheModel(string element, string json)
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes($"<rss version=\"2.0\" {Namespaces}><channel><item><guid>g</guid>{element}</item></channel></rss>"));

        Assert.That(feed.WellFormed, Is.True, string.Join("; ", feed.Problems));
        Assert.That(Json(feed.Items.Single()), Does.Contain(json));
    }

    [TestCase("<managingEditor>ed@example.org (Ed)</managingEditor>", "\"authors\":[{\"name\":\"Ed\",\"email\":\"ed@example.org\"}]")]
    [TestCase("<webMaster>web@example.org</webMaster>", "\"contributors\":[{\"email\":\"web@example.org\"}]")]
    [TestCase("<copyright>© Agency</copyright>", "\"rights\":{\"value\":\"© Agency\",\"type\":\"text/plain\"}")]
    [TestCase("<generator>Press 6</generator>", "\"generator\":{\"name\":\"Press 6\"}")]
    [TestCase("<ttl>30</ttl>", "\"ttl\":30")]
    [TestCase("<docs>https://www.rssboard.org/rss-specification</docs>", "\"docs\":\"https://www.rssboard.org/rss-specification\"")]
    [TestCase("<image><url>https://x.org/l.png</url><title>L</title><link>https://x.org/</link><width>88</width><height>31</height></image>",
        "\"image\":{\"url\":\"https://x.org/l.png\",\"title\":\"L\",\"link\":\"https://x.org/\",\"width\":88,\"height\":31}")]
    [TestCase("<itunes:image href=\"https://x.org/cover.jpg\"/>", "\"image\":{\"url\":\"https://x.org/cover.jpg\"}")]
    [TestCase("<atom:link rel=\"hub\" href=\"https://hub.example/\"/>", "\"links\":[{\"rel\":\"hub\",\"href\":\"https://hub.example/\"}]")]
    [TestCase("<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>", "\"published\":{\"raw\":\"Tue, 10 Jun 2003 04:00:00 GMT\",\"utc\":\"2003-06-10T04:00:00Z\"}")]
    [TestCase("<lastBuildDate>2003-06-10T04:00:00</lastBuildDate>", "\"updated\":{\"raw\":\"2003-06-10T04:00:00\",\"utc\":\"2003-06-10T04:00:00Z\",\"zoneAssumed\":true}")]
    public void RssChannelElement_LandsInTheModel(string element, string json)
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes($"<rss version=\"2.0\" {Namespaces}><channel><title>T</title>{element}</channel></rss>"));

        Assert.That(FeedJsonText(feed), Does.Contain(json));
    }

    [TestCase("<title type=\"text\">A &lt; B</title>", "A < B", TextValue.Plain)]
    [TestCase("<title type=\"html\">A &lt;b&gt;bold&lt;/b&gt;</title>", "A <b>bold</b>", TextValue.Html)]
    [TestCase("<title type=\"html\"><![CDATA[A <b>bold</b>]]></title>", "A <b>bold</b>", TextValue.Html)]
    [TestCase("<title type=\"html\">Fish &amp;amp; chips</title>", "Fish &amp; chips", TextValue.Html)]
    [TestCase("<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">A <b>bold</b> move</div></title>", "A <b xmlns=\"http://www.w3.org/1999/xhtml\">bold</b> move", TextValue.Xhtml)]
    [TestCase("<title>Plain</title>", "Plain", TextValue.Plain)]
    public void AtomTextConstruct_KeepsItsType(string element, string value, string type)
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes($"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>e</id>{element}</entry></feed>"));

        Assert.That(feed.Items.Single().Title, Is.EqualTo(new TextValue(value, type)));
    }

    [Test]
    public void Normalise_DoubleEscapedEntity_ReadsAsOneAmpersand()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>e</id><title type=\"html\">Fish &amp;amp; chips</title></entry></feed>"));

        Assert.That(FeedNormaliser.Plain(feed.Items.Single().Title), Is.EqualTo("Fish & chips"));
    }

    [Test]
    public void Normalise_XmlBaseFixture_MakesUrlsInsideContentAbsolute()
    {
        var feed = FeedNormaliser.Normalise(FeedParser.Parse(Support.Repository.FixtureBytes("Parsing/atom10-xmlbase.xml")), null);
        var content = feed.Items[0].Content.Single().Value;

        Assert.That(content, Does.Contain("src=\"http://example.org/news/2024/photos/p1.jpg\""));
        Assert.That(content, Does.Contain("href=\"http://example.org/news/2024/other.html\""));
    }

    private static string Json(ParsedItem item) => ItemNormaliser.Json(item);

    private static string FeedJsonText(ParsedFeed feed)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            FeedJson.WriteFeed(json, feed, null);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
