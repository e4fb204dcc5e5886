using System.Text;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Tests.Sources;

/// <summary>Both operators' files read and checked together, on real files: references across them, warnings, positions.</summary>
public sealed class OperatorFilesTests
{
    private static OperatorConfig Config(TempDirectory folder) => new(
        new AggregatorPaths(
            Options.Create(new AggregatorOptions { FeedsFile = "feeds.json", TopicsFile = "topics.json" }),
            new HostingEnvironment { ContentRootPath = folder.Path }),
        TimeProvider.System);

    private const string TwoFeeds = """
        { "feeds": [
          { "id": "un-en", "url": "https://news.un.org/en.xml", "tags": ["un"] },
          { "id": "un-ru", "url": "https://news.un.org/ru.xml", "tags": ["un", "ru"] },
        ] }
        """;

    [Test]
    public void Topics_NamingFeedsAndTagsThatDoNotExist_AreErrorsAtTheirPlace()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", TwoFeeds);
        folder.Write("topics.json", """
            { "topics": [
              { "id": "ok", "query": "a", "feeds": ["un-en"], "tags": ["ru"] },
              { "id": "bad", "query": "a",
                "feeds": ["un-en", "bbc"],
                "tags": ["caucasus"] }
            ] }
            """);

        var error = Assert.Throws<ConfigException>(() => _ = Config(folder).Current)!;

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "topics.json:4:14: topic 'bad'.feeds: 'bbc' is not the id of a feed in the feeds file",
            "topics.json:5:13: topic 'bad'.tags: no feed in the feeds file has the tag 'caucasus'",
        }));
    }

    [Test]
    public void BothFilesBroken_EveryErrorOfBothIsReported_ReferencesNotGuessedAt()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """{ "feeds": [ { "id": "un-en", "url": "nope" } ], "extra": 1 }""");
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "a", "feeds": ["un-en"], "languages": ["en", "zz"] } ] }""");

        var error = Assert.Throws<ConfigException>(() => _ = Config(folder).Current)!;

        // un-en is left out of the feeds for its own fault; the topic naming it is not blamed for that as well.
        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "feeds.json:1:59: extra: unknown field",
            "feeds.json:1:38: feed 'un-en'.url: 'nope' is not an absolute http, https or file URL",
            "topics.json:1:75: topic 't'.languages: 'zz' is not a lowercase language code such as \"en\" or \"ru\"",
        }));
    }

    [Test]
    public void DuplicateUrl_IsAWarning_NotAnError()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", """
            { "$schema": "./feeds.schema.json", "feeds": [
              { "id": "one", "url": "https://example.org/rss" },
              { "id": "two", "url": "https://example.org/rss" }
            ] }
            """);
        folder.Write("topics.json", """{ "$schema": "./topics.schema.json", "topics": [ { "id": "t", "query": "a" } ] }""");

        var version = Config(folder).Current;

        Assert.That(version.Feeds, Has.Count.EqualTo(2));
        Assert.That(version.Warnings.Select(w => w.ToString()), Is.EqualTo(new[] { "feeds.json:3:25: feed 'two'.url: same URL as feed 'one': both poll it" }));
    }

    [Test]
    public void Reload_AppliesAValidEdit_RefusesABrokenOne_ForgetsTheRefusalWhenMended()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", TwoFeeds);
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "a", "tags": ["ru"] } ] }""");
        var config = Config(folder);
        var changes = new List<(int, int)>();
        config.Changed += (before, after) => changes.Add((before.Number, after.Number));
        Assert.That(config.Current.Number, Is.EqualTo(1));
        Assert.That(config.Reload(), Is.EqualTo(ReloadResult.Unchanged));

        // Removing the only feed with the tag a topic relies on breaks the pair, though feeds.json is valid on its own.
        folder.Write("feeds.json", """{ "feeds": [ { "id": "un-en", "url": "https://news.un.org/en.xml", "tags": ["un"] } ] }""");
        Assert.That(config.Reload(), Is.EqualTo(ReloadResult.Rejected));
        Assert.That(config.Rejected!.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "topics.json:1:50: topic 't'.tags: no feed in the feeds file has the tag 'ru'" }));
        Assert.That(config.Current.Feeds, Has.Count.EqualTo(2), "the version in force stays");

        // Both files edited together (a git pull): applied as one version.
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "a", "tags": ["un"] } ] }""");
        Assert.That(config.Reload(), Is.EqualTo(ReloadResult.Applied));
        Assert.That(config.Rejected, Is.Null);
        Assert.That(config.Current.Feeds.Select(f => f.Id), Is.EqualTo(new[] { "un-en" }));
        Assert.That(changes, Is.EqualTo(new[] { (1, 2) }));
    }

    [TestCase("", true)]
    [TestCase("   \n", true)]
    [TestCase("{ \"feeds\": [ { \"id\": \"a\", \"url\": \"https://exa", true)]
    [TestCase("{ \"feeds\": [ ", true)]
    [TestCase("{ \"feeds\": [ } ", false)]
    [TestCase("{ \"feeds\" [ ", false)]
    public void LooksUnfinished_TellsACutOffFileFromABrokenOne(string text, bool unfinished) =>
        Assert.That(JsonConfigFile.LooksUnfinished(Encoding.UTF8.GetBytes(text)), Is.EqualTo(unfinished));

    [Test]
    public void Positions_CountCharactersNotBytes_AndSkipComments()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", """
            {
              /* "feeds": "not this one" */
              "feeds": [ { "id": "ru", "title": "Новости ООН", "url": "nope" } ]
            }
            """);

        var error = Assert.Throws<ConfigException>(() => FeedsFile.Load(path, "feeds.json"))!;

        Assert.That(error.Errors.Single().ToString(), Is.EqualTo("feeds.json:3:59: feed 'ru'.url: 'nope' is not an absolute http, https or file URL"));
    }

    [Test]
    public void ByteOrderMark_IsRead_AndPositionsStillCountFromTheFirstCharacter()
    {
        using var folder = new TempDirectory();
        var path = folder.File("feeds.json");
        File.WriteAllBytes(path, [.. "\uFEFF"u8, .. "{ \"feeds\": [ { \"id\": \"a\", \"url\": \"nope\" } ] }"u8]);

        var error = Assert.Throws<ConfigException>(() => FeedsFile.Load(path, "feeds.json"))!;

        Assert.That(error.Errors.Single().ToString(), Does.StartWith("feeds.json:1:34: feed 'a'.url:"));
    }

    [Test]
    public async Task FeedsRemove_OfAFeedATopicIsLimitedTo_IsRefusedWithTheTopicsError()
    {
        using var folder = new TempDirectory();
        folder.Write("feeds.json", TwoFeeds);
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "a", "feeds": ["un-ru"] } ] }""");
        var before = File.ReadAllBytes(folder.File("feeds.json"));

        var result = await CommandLine.RunAsync(["feeds", "remove", "un-ru", .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("topic 't'.feeds: 'un-ru' is not the id of a feed in the feeds file"));
        Assert.That(File.ReadAllBytes(folder.File("feeds.json")), Is.EqualTo(before));
    }
}
