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

        // Compiler-style: file, line and column of the value at fault, then the feed and field, then the reason.
        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "config/feeds.json:2:11: feed 'Bad Id'.id: must be a lowercase slug (letters, digits, '-', '_' or '.')",
            "config/feeds.json:3:31: feed 'no-scheme'.url: 'example.org/rss' is not an absolute http, https or file URL",
            "config/feeds.json:4:25: feed 'ftp'.url: 'ftp://example.org/rss' is not an absolute http, https or file URL",
            "config/feeds.json:5:63: feed 'fast'.interval: 00:00:10 is shorter than the minimum of 00:01:00",
            "config/feeds.json:6:64: feed 'days'.interval: '5' is not a time span such as \"00:15:00\"",
            "config/feeds.json:7:64: feed 'typo'.intervall: unknown field",
            "config/feeds.json:8:59: feed 'cron'.cron: 'every minute' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week)",
            "config/feeds.json:9:63: feed 'lang'.language: 'xx-notalanguage' is not a language code such as 'en' or 'ru'",
            "config/feeds.json:11:11: feed 'dup'.id: is used by another feed; ids must be unique",
            "config/feeds.json:12:3: feeds[10]: id is required",
        }));
    }

    [Test]
    public void Load_BrokenJson_NamesLineAndColumn()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<ConfigException>(() => Load(folder, "{\n  \"feeds\": [\n    { \"id\": \"a\" \"url\": \"x\" }\n  ]\n}"))!;

        Assert.That(error.Message, Does.StartWith("config/feeds.json:3:17: not valid JSON: '\"' is invalid after a value."));
    }

    [Test]
    public void Load_MissingFile_SaysItCannotBeRead()
    {
        var error = Assert.Throws<ConfigException>(() => FeedsFile.Load("/nonexistent/feeds.json", "config/feeds.json"))!;

        Assert.That(error.Message, Does.StartWith("config/feeds.json: cannot be read"));
    }
}
