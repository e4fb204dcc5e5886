using System.Text;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

public sealed class AtomParserTests
{
    [Test]
    public void Parse_AtomFixture_ReadsEntries()
    {
        var feed = FeedParser.Parse(Support.Repository.FixtureBytes("trafficking.atom.xml"));

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Atom10));
        Assert.That(feed.WellFormed, Is.True, string.Join("; ", feed.Problems));
        Assert.That(feed.Items.Select(i => i.Id), Is.EqualTo(new[] { "urn:atom:1", "urn:atom:2", "urn:atom:3" }));
        Assert.That(feed.Items[0].Link, Is.EqualTo("http://example.org/atom-1"));
    }

    [Test]
    public void Parse_EntryFields_AreRead()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">
              <title type="text">Лента</title>
              <id>urn:feed</id>
              <updated>2024-05-01T12:00:00+03:00</updated>
              <link rel="self" href="https://example.org/atom"/>
              <link href="https://example.org/"/>
              <entry>
                <id>urn:e1</id>
                <title type="html">A &lt;b&gt;bold&lt;/b&gt; title</title>
                <link rel="alternate" type="text/html" href="https://example.org/e1"/>
                <link rel="enclosure" type="audio/mpeg" length="99" href="https://example.org/e1.mp3"/>
                <published>2024-05-01T09:00:00+03:00</published>
                <updated>2024-05-02T09:00:00Z</updated>
                <author><name>Иван</name><email>ivan@example.org</email></author>
                <category term="rights" scheme="https://example.org/c" label="Права" xmlns:x="urn:x" x:term="other"/>
                <summary>Кратко</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Полный <b>текст</b></p></div></content>
              </entry>
            </feed>
            """));

        var entry = feed.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(feed.Feed.Title?.Value, Is.EqualTo("Лента"));
            Assert.That(feed.Feed.Link, Is.EqualTo("https://example.org/"));
            Assert.That(feed.Feed.Language, Is.EqualTo("ru"));
            Assert.That(entry.Language, Is.EqualTo("ru"), "xml:lang is inherited");
            Assert.That(entry.Title, Is.EqualTo(new TextValue("A <b>bold</b> title", TextValue.Html, "ru")));
            Assert.That(entry.Link, Is.EqualTo("https://example.org/e1"));
            Assert.That(entry.Enclosures.Single().Length, Is.EqualTo(99));
            Assert.That(entry.Published?.Utc, Is.EqualTo(new DateTimeOffset(2024, 5, 1, 6, 0, 0, TimeSpan.Zero)));
            Assert.That(entry.Updated?.Utc, Is.EqualTo(new DateTimeOffset(2024, 5, 2, 9, 0, 0, TimeSpan.Zero)));
            Assert.That(entry.Authors.Single(), Is.EqualTo(new Person("Иван", "ivan@example.org", null)));
            Assert.That(entry.Categories.Single(), Is.EqualTo(new Category("rights", "https://example.org/c", "Права")));
            Assert.That(entry.Content.Single().Type, Is.EqualTo(TextValue.Xhtml));
            Assert.That(entry.Content.Single().Value, Does.StartWith("<p").And.Contain("текст").And.Not.Contain("<div"));
        });
    }

    [Test]
    public void Parse_Atom03Namespace_IsRecognised()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
              <entry><id>e</id><title>One</title><issued>2004-01-01T00:00:00Z</issued></entry></feed>
            """));

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Atom03));
        Assert.That(feed.Items.Single().Published?.Utc?.Year, Is.EqualTo(2004));
    }
}

public sealed class AuthorInheritanceTests
{
    [Test]
    public void Parse_AtomEntryWithoutAuthor_TakesSourceElseFeedAuthors()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <author><name>Newsroom</name></author>
              <entry><id>1</id></entry>
              <entry><id>2</id><author><name>Own</name></author></entry>
              <entry><id>3</id><source><id>s</id><author><name>Origin desk</name></author></source></entry>
            </feed>
            """));

        Assert.That(feed.Items.Select(i => i.Authors.Single().Name), Is.EqualTo(new[] { "Newsroom", "Own", "Origin desk" }));
    }

    [Test]
    public void Parse_RssItemWithoutAuthor_DoesNotTakeTheManagingEditor()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(
            "<rss version=\"2.0\"><channel><managingEditor>ed@example.org (Ed)</managingEditor><item><guid>1</guid></item></channel></rss>"));

        Assert.That(feed.Items.Single().Authors, Is.Empty);
    }
}
