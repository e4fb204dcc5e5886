using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Sources;

public sealed class FeedsFileTests
{
    private static IReadOnlyList<FeedSource> Load(TempDirectory folder, string json) =>
        FeedsFile.Load(folder.Write("config/feeds.json", json), "config/feeds.json");

    [Test]
    public void Load_ValidFile_WithCommentsAndTrailingCommas()
    {
        using var folder = new TempDirectory();
        var feeds = Load(folder, """
            {
              // operators' sources
              "feeds": [
                { "id": "un-news-en", "url": "https://news.un.org/rss.xml", "interval": "00:30:00", "tags": ["un", "un"], "language": "en", },
                { "id": "cron-feed", "url": "http://example.org/rss", "cron": "0 0/10 * * * ?", "enabled": false },
                { "id": "local", "url": "file:../samples/x.xml", "sample": true },
              ],
            }
            """);

        Assert.That(feeds.Select(f => f.Id), Is.EqualTo(new[] { "un-news-en", "cron-feed", "local" }));
        Assert.That(feeds[0].Interval, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(feeds[0].Tags, Is.EqualTo(new[] { "un" }));
        Assert.That(feeds[1].Cron, Is.EqualTo("0 0/10 * * * ?"));
        Assert.That(feeds[1].Enabled, Is.False);
        Assert.That(feeds[2].Interval, Is.EqualTo(FeedsFile.DefaultInterval));
        Assert.That(feeds[2].Url.LocalPath, Is.EqualTo(folder.File("samples/x.xml")));
        Assert.That(feeds[2].Sample, Is.True);
    }

    [Test]
    public void Load_InvalidFeeds_ReportsEveryErrorWithFileFeedAndField()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<ConfigException>(() => Load(folder, """
            { "feeds": [
              { "id": "Bad Id", "url": "https://example.org/rss" },
              { "id": "no-scheme", "url": "example.org/rss" },
              { "id": "ftp", "url": "ftp://example.org/rss" },
              { "id": "fast", "url": "https://example.org/a", "interval": "00:00:10" },
              { "id": "days", "url": "https://example.org/a2", "interval": "5" },
              { "id": "typo", "url": "https://example.org/b", "intervall": "00:10:00" },
              { "id": "cron", "url": "https://example.org/c", "cron": "every minute" },
              { "id": "lang", "url": "https://example.org/d", "language": "xx-notalanguage" },
              { "id": "dup", "url": "https://example.org/e" },
              { "id": "dup", "url": "https://example.org/f" },
              { "url": "https://example.org/g" }
            ] }
            """))!;

        var messages = error.Errors.Select(e => e.ToString()).ToList();
        Assert.That(messages, Has.All.StartWith("config/feeds.json: feeds["));
        Assert.That(messages, Has.Some.Contains("'Bad Id'").And.Some.Contains("lowercase slug"));
        Assert.That(messages, Has.Some.Contains("'no-scheme'.url: 'example.org/rss' is not an absolute http, https or file URL"));
        Assert.That(messages, Has.Some.Contains("'ftp'.url"));
        Assert.That(messages, Has.Some.Contains("'fast'.interval: 00:00:10 is shorter than the minimum of 00:01:00"));
        Assert.That(messages, Has.Some.Contains("'days'.interval: '5' is not a time span such as \"00:15:00\""));
        Assert.That(messages, Has.Some.Contains("'typo'.intervall: unknown field"));
        Assert.That(messages, Has.Some.Contains("'cron'.cron: 'every minute' is not a valid Quartz cron expression"));
        Assert.That(messages, Has.Some.Contains("'lang'.language"));
        Assert.That(messages, Has.Some.Contains("feeds[9] 'dup'").And.Some.Contains("must be unique"));
        Assert.That(messages, Has.Some.Contains("feeds[10]: id is required"));
    }

    [Test]
    public void Load_BrokenJson_NamesLineAndColumn()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<ConfigException>(() => Load(folder, "{\n  \"feeds\": [\n    { \"id\": \"a\" \"url\": \"x\" }\n  ]\n}"))!;

        Assert.That(error.Message, Does.StartWith("config/feeds.json: line 3, column").And.Contain("not valid JSON"));
    }

    [Test]
    public void Load_MissingFile_SaysItCannotBeRead()
    {
        var error = Assert.Throws<ConfigException>(() => FeedsFile.Load("/nonexistent/feeds.json", "config/feeds.json"))!;

        Assert.That(error.Message, Does.StartWith("config/feeds.json: cannot be read"));
    }
}
