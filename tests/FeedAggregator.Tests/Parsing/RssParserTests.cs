using System.Text;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

public sealed class RssParserTests
{
    private static ParsedFeed Parse(string xml, string? uri = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), uri is null ? null : new Uri(uri));

    [Test]
    public void Parse_Rss20Fixture_ReadsChannelAndItemsInOrder()
    {
        var feed = FeedParser.Parse(Support.Repository.FixtureBytes("trafficking.rss.xml"));

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Rss20));
        Assert.That(feed.WellFormed, Is.True, string.Join("; ", feed.Problems));
        Assert.That(feed.Items.Select(i => i.Id), Is.EqualTo(new[] { "rss-1", "rss-2", "rss-3", "rss-4" }));
        Assert.That(feed.Items[0].Link, Is.EqualTo("http://example.org/rss-1"));
        Assert.That(feed.Items[0].Published?.Utc, Is.Not.Null);
    }

    [Test]
    public void Parse_ItemFields_AreRead()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel><title>News</title><link>https://example.org/</link><language>ru</language><ttl>30</ttl>
                <item>
                  <title>A &amp; B</title>
                  <link>https://example.org/a</link>
                  <description><![CDATA[<p>Summary</p>]]></description>
                  <content:encoded><![CDATA[<p>Full text</p>]]></content:encoded>
                  <guid isPermaLink="false">id-1</guid>
                  <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
                  <dc:creator>Jane Doe</dc:creator>
                  <category domain="https://example.org/tags">Rights</category>
                  <enclosure url="https://example.org/a.mp3" length="1234" type="audio/mpeg"/>
                </item>
              </channel>
            </rss>
            """);

        var item = feed.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(feed.Feed.Title?.Value, Is.EqualTo("News"));
            Assert.That(feed.Feed.Language, Is.EqualTo("ru"));
            Assert.That(feed.Feed.Ttl, Is.EqualTo(30));
            Assert.That(item.Title?.Value, Is.EqualTo("A & B"));
            Assert.That(item.Summary?.Value, Is.EqualTo("<p>Summary</p>"));
            Assert.That(item.Content.Single().Value, Is.EqualTo("<p>Full text</p>"));
            Assert.That(item.Id, Is.EqualTo("id-1"));
            Assert.That(item.IsPermaLink, Is.False);
            Assert.That(item.Published?.Utc, Is.EqualTo(new DateTimeOffset(2003, 6, 10, 4, 0, 0, TimeSpan.Zero)));
            Assert.That(item.Authors.Single().Name, Is.EqualTo("Jane Doe"));
            Assert.That(item.Categories.Single(), Is.EqualTo(new Category("Rights", "https://example.org/tags", null)));
            Assert.That(item.Enclosures.Single(), Is.EqualTo(new Enclosure("https://example.org/a.mp3", "audio/mpeg", 1234)));
        });
    }

    [Test]
    public void Parse_PermaLinkGuidWithoutLink_GuidBecomesLink()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>t</title><guid>https://example.org/p/1</guid></item></channel></rss>""");

        Assert.That(feed.Items.Single().Link, Is.EqualTo("https://example.org/p/1"));
        Assert.That(feed.Items.Single().IsPermaLink, Is.True);
    }

    [Test]
    public void Parse_RelativeLink_ResolvedAgainstDocumentUri()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>t</title><link>/news/1</link></item></channel></rss>""",
            "https://example.org/feeds/rss.xml");

        Assert.That(feed.Items.Single().Link, Is.EqualTo("https://example.org/news/1"));
    }

    [Test]
    public void Parse_Rss10Rdf_ReadsItemsBesideChannel()
    {
        var feed = Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://example.org/"><title>RDF</title><link>https://example.org/</link></channel>
              <item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link><dc:date>2024-03-01T10:00:00Z</dc:date></item>
            </rdf:RDF>
            """);

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Rss10));
        Assert.That(feed.Items.Single().Id, Is.EqualTo("https://example.org/1"));
        Assert.That(feed.Items.Single().Published?.Utc, Is.EqualTo(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("<html><body>Not a feed</body></html>", "root element <html>")]
    [TestCase("just text", "not XML")]
    [TestCase("", "empty document")]
    [TestCase(" \n ", "empty document")]
    public void Parse_NotAFeed_SaysSo(string content, string reason)
    {
        var feed = Parse(content);

        Assert.That(feed.IsFeed, Is.False);
        Assert.That(feed.Problems.Single(), Does.StartWith("not a feed").And.Contain(reason));
    }

    [Test]
    public void Parse_TruncatedDocument_KeepsItemsReadBefore()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>One</title><guid>1</guid></item><item><title>Tw""");

        Assert.That(feed.WellFormed, Is.False);
        Assert.That(feed.Problems.First(), Does.StartWith("not well-formed"));
        Assert.That(feed.Items.First().Id, Is.EqualTo("1"));
    }

    [Test]
    public void Parse_ExternalEntity_IsNeverResolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        var feed = Parse($"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
            <rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>
            """);

        Assert.That(feed.Items.Select(i => i.Title?.Value), Has.None.Contains("TOP-SECRET"));
    }
}
