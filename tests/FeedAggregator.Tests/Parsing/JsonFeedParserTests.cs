using System.Text;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

public sealed class JsonFeedParserTests
{
    [Test]
    public void Parse_JsonFeed11_ReadsFeedAndItems()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            {
              "version": "https://jsonfeed.org/version/1.1",
              "title": "Новости", "home_page_url": "https://example.org/", "feed_url": "https://example.org/feed.json",
              "description": "d", "language": "ru", "icon": "/icon.png", "favicon": "/fav.ico",
              "authors": [{ "name": "Редакция", "url": "https://example.org/about" }],
              "items": [
                { "id": 42, "url": "https://example.org/42", "title": "T", "content_html": "<p>Hi</p>", "content_text": "Hi",
                  "summary": "S", "date_published": "2024-05-01T10:00:00+03:00", "date_modified": "2024-05-02T10:00:00Z",
                  "tags": ["a", "b"], "language": "en", "external_url": "https://other.example/x",
                  "attachments": [{ "url": "https://example.org/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 100 }] }
              ]
            }
            """), new Uri("https://example.org/feed.json"));

        var item = feed.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(feed.Format, Is.EqualTo(FeedFormat.Json11));
            Assert.That(feed.Feed.Title?.Value, Is.EqualTo("Новости"));
            Assert.That(feed.Feed.Logo, Is.EqualTo("https://example.org/icon.png"));
            Assert.That(feed.Feed.Icon, Is.EqualTo("https://example.org/fav.ico"));
            Assert.That(feed.Feed.Authors.Single(), Is.EqualTo(new Person("Редакция", null, "https://example.org/about")));
            Assert.That(item.Id, Is.EqualTo("42"));
            Assert.That(item.Content.Select(c => c.Type), Is.EqualTo(new[] { TextValue.Html, TextValue.Plain }));
            Assert.That(item.Published?.Utc, Is.EqualTo(new DateTimeOffset(2024, 5, 1, 7, 0, 0, TimeSpan.Zero)));
            Assert.That(item.Categories.Select(c => c.Term), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(item.Enclosures.Single(), Is.EqualTo(new Enclosure("https://example.org/a.mp3", "audio/mpeg", 100)));
            Assert.That(item.Language, Is.EqualTo("en"));
        });
    }

    [Test]
    public void Parse_JsonFeed10_SingleAuthor()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            {"version": "https://jsonfeed.org/version/1", "title": "T", "author": {"name": "A"}, "items": [{"id": "1", "content_text": "x"}]}
            """));

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Json10));
        Assert.That(feed.Feed.Authors.Single().Name, Is.EqualTo("A"));
    }

    [TestCase("""{"title": "no version"}""", "not a JSON Feed")]
    [TestCase("""{"version": "https://jsonfeed.org/version/1", "items": [""", "not valid JSON")]
    public void Parse_BadJson_SaysWhy(string json, string problem)
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.That(feed.Problems, Has.Some.Contains(problem));
    }
}
