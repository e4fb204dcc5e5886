using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Sources;

/// <summary>Text-preserving edits of feeds.json: each test states the whole file expected, so every other byte is checked.</summary>
public sealed class FeedsFileEditorTests
{
    /// <summary>Comments inside and between feeds, a trailing comma inside one, a comment at the end of a line.</summary>
    private const string MultiLine = """
        {
          // Operators' sources.
          "feeds": [
            {
              "id": "alpha",
              "url": "https://a.example/rss", // the main one
              "tags": ["x"]
            },
            /* beta is noisy */
            {
              "id": "beta",
              "url": "https://b.example/rss",
            },
            {
              "id": "gamma",
              "url": "https://c.example/rss"
            }
          ]
        }

        """;

    /// <summary>One-line feeds, tabs, CRLF, trailing commas after the last feed and after the array.</summary>
    private const string OneLineCrlf =
        "{\r\n\t\"feeds\": [\r\n\t\t{ \"id\": \"one\", \"url\": \"https://one.example/feed\", \"enabled\": true },\r\n"
        + "\t\t{ \"id\": \"two\", \"url\": \"https://two.example/feed\" },\r\n\t],\r\n}\r\n";

    private const string Compact = """{"feeds": [{"id": "a", "url": "https://a.example/"}, {"id": "b", "url": "https://b.example/"}]}""";

    private static string Edit(string original, Action<FeedsFileEditor> edit)
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", original);
        edit(FeedsFileEditor.Open(path, "feeds.json"));
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { path }), "no temporary file is left behind");
        return File.ReadAllText(path);
    }

    [Test]
    public void Add_MultiLineFile_AppendsInTheFilesStyle()
    {
        var result = Edit(MultiLine, e => e.Add([new NewFeed("delta", "https://d.example/rss", "Дельта", "en", "00:30:00", null, ["news", "world"])]));

        Assert.That(result, Is.EqualTo(MultiLine.Replace("""
                  "url": "https://c.example/rss"
                }
            """, """
                  "url": "https://c.example/rss"
                },
                {
                  "id": "delta",
                  "url": "https://d.example/rss",
                  "title": "Дельта",
                  "language": "en",
                  "interval": "00:30:00",
                  "tags": ["news", "world"]
                }
            """, StringComparison.Ordinal)));
    }

    [Test]
    public void Add_OneLineCrlfFileWithTrailingComma_AppendsOneLineKeepingTheTrailingComma()
    {
        var result = Edit(OneLineCrlf, e => e.Add([new NewFeed("three", "https://three.example/feed"), new NewFeed("four", "https://four.example/feed", Cron: "0 0/10 * * * ?")]));

        Assert.That(result, Is.EqualTo(OneLineCrlf.Replace("\t],",
            "\t\t{ \"id\": \"three\", \"url\": \"https://three.example/feed\" },\r\n"
            + "\t\t{ \"id\": \"four\", \"url\": \"https://four.example/feed\", \"cron\": \"0 0/10 * * * ?\" },\r\n\t],", StringComparison.Ordinal)));
    }

    [Test]
    public void Add_CompactFile_AppendsOnTheSameLine()
    {
        var result = Edit(Compact, e => e.Add([new NewFeed("c", "https://c.example/")]));

        Assert.That(result, Is.EqualTo("""{"feeds": [{"id": "a", "url": "https://a.example/"}, {"id": "b", "url": "https://b.example/"}, {"id": "c", "url": "https://c.example/"}]}"""));
    }

    [Test]
    public void Add_EmptyArray_OpensItOnLinesOfItsOwn()
    {
        var result = Edit("""{ "feeds": [] }""", e => e.Add([new NewFeed("x", "https://x.example/")]));

        Assert.That(result, Is.EqualTo("""
            { "feeds": [
              {
                "id": "x",
                "url": "https://x.example/"
              }
            ] }
            """));
    }

    [TestCase("alpha", """
        {
          // Operators' sources.
          "feeds": [
            /* beta is noisy */
            {
              "id": "beta",
              "url": "https://b.example/rss",
            },
            {
              "id": "gamma",
              "url": "https://c.example/rss"
            }
          ]
        }

        """)]
    [TestCase("beta", """
        {
          // Operators' sources.
          "feeds": [
            {
              "id": "alpha",
              "url": "https://a.example/rss", // the main one
              "tags": ["x"]
            },
            /* beta is noisy */
            {
              "id": "gamma",
              "url": "https://c.example/rss"
            }
          ]
        }

        """)]
    [TestCase("gamma", """
        {
          // Operators' sources.
          "feeds": [
            {
              "id": "alpha",
              "url": "https://a.example/rss", // the main one
              "tags": ["x"]
            },
            /* beta is noisy */
            {
              "id": "beta",
              "url": "https://b.example/rss",
            }
          ]
        }

        """)]
    public void Remove_FirstMiddleOrLast_TakesItsLinesAndOneComma(string id, string expected)
    {
        Assert.That(Edit(MultiLine, e => e.Remove(id)), Is.EqualTo(expected));
    }

    [Test]
    public void Remove_OnlyFeed_LeavesAnEmptyArray()
    {
        var result = Edit("""
            {
              "feeds": [
                { "id": "only", "url": "https://only.example/" } // the one
              ]
            }
            """, e => e.Remove("only"));

        Assert.That(result, Is.EqualTo("""
            {
              "feeds": [
              ]
            }
            """));
    }

    [TestCase("one", "{\r\n\t\"feeds\": [\r\n\t\t{ \"id\": \"two\", \"url\": \"https://two.example/feed\" },\r\n\t],\r\n}\r\n")]
    [TestCase("two", "{\r\n\t\"feeds\": [\r\n\t\t{ \"id\": \"one\", \"url\": \"https://one.example/feed\", \"enabled\": true },\r\n\t],\r\n}\r\n")]
    public void Remove_OneLineFeedWithTrailingComma_TakesItsLine(string id, string expected)
    {
        Assert.That(Edit(OneLineCrlf, e => e.Remove(id)), Is.EqualTo(expected));
    }

    [TestCase("a", """{"feeds": [{"id": "b", "url": "https://b.example/"}]}""")]
    [TestCase("b", """{"feeds": [{"id": "a", "url": "https://a.example/"}]}""")]
    public void Remove_FeedsOnOneLine_TakesTheFeedAndItsComma(string id, string expected)
    {
        Assert.That(Edit(Compact, e => e.Remove(id)), Is.EqualTo(expected));
    }

    [Test]
    public void Disable_InsertsEnabledFalse_AndEnableGivesBackTheFileAsItWas()
    {
        var disabled = Edit(MultiLine, e => Assert.That(e.SetEnabled("alpha", false), Is.True));
        var trailing = Edit(MultiLine, e => Assert.That(e.SetEnabled("beta", false), Is.True));

        Assert.That(disabled, Is.EqualTo(MultiLine.Replace("""
                  "tags": ["x"]

            """, """
                  "tags": ["x"],
                  "enabled": false

            """, StringComparison.Ordinal)));
        Assert.That(trailing, Is.EqualTo(MultiLine.Replace("""
                  "url": "https://b.example/rss",

            """, """
                  "url": "https://b.example/rss",
                  "enabled": false,

            """, StringComparison.Ordinal)));
        Assert.That(Edit(disabled, e => e.SetEnabled("alpha", true)), Is.EqualTo(MultiLine));
        Assert.That(Edit(trailing, e => e.SetEnabled("beta", true)), Is.EqualTo(MultiLine));
    }

    [Test]
    public void Disable_OneLineFeeds_ChangesTrueOrAppendsOnTheLine()
    {
        var one = Edit(OneLineCrlf, e => e.SetEnabled("one", false));
        var two = Edit(OneLineCrlf, e => e.SetEnabled("two", false));

        Assert.That(one, Is.EqualTo(OneLineCrlf.Replace("\"enabled\": true", "\"enabled\": false", StringComparison.Ordinal)));
        Assert.That(two, Is.EqualTo(OneLineCrlf.Replace("two.example/feed\"", "two.example/feed\", \"enabled\": false", StringComparison.Ordinal)));
        Assert.That(Edit(two, e => e.SetEnabled("two", true)), Is.EqualTo(OneLineCrlf));
    }

    [Test]
    public void SetEnabled_AlreadySo_WritesNothing()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", OneLineCrlf);
        var written = File.GetLastWriteTimeUtc(path);

        Assert.That(FeedsFileEditor.Open(path, "feeds.json").SetEnabled("one", true), Is.False);
        Assert.That(FeedsFileEditor.Open(path, "feeds.json").SetEnabled("two", true), Is.False);
        Assert.That(File.ReadAllText(path), Is.EqualTo(OneLineCrlf));
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written));
    }

    private static readonly object[] RefusedEdits =
    [
        new object[] { (Action<FeedsFileEditor>)(e => e.Add([new NewFeed("beta", "https://new.example/")])), "feeds.json: feed 'beta': id is taken by another feed" },
        new object[] { (Action<FeedsFileEditor>)(e => e.Add([new NewFeed("new", "https://B.EXAMPLE/rss")])), "is already configured as feed 'beta'" },
        new object[] { (Action<FeedsFileEditor>)(e => e.Add([new NewFeed("new", "https://new.example/", Language: "no-such-language")])), "'no-such-language' is not a language code" },
        new object[] { (Action<FeedsFileEditor>)(e => e.Add([new NewFeed("Not A Slug", "https://new.example/")])), "feed 'Not A Slug'.id: must be a lowercase slug" },
        new object[] { (Action<FeedsFileEditor>)(e => e.Remove("nope")), "feeds.json: no feed 'nope'" },
        new object[] { (Action<FeedsFileEditor>)(e => e.SetEnabled("nope", false)), "feeds.json: no feed 'nope'" },
    ];

    [TestCaseSource(nameof(RefusedEdits))]
    public void RefusedEdit_LeavesTheFileByteForByte(Delegate edit, string error)
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", MultiLine);
        var before = File.ReadAllBytes(path);

        var refused = Assert.Throws<ConfigException>(() => ((Action<FeedsFileEditor>)edit)(FeedsFileEditor.Open(path, "feeds.json")));

        Assert.That(string.Join("\n", refused!.Errors), Does.Contain(error));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Open_InvalidFile_RefusesToEdit()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", """{ "feeds": [ { "id": "x", "url": "not a url" } ] }""");

        var refused = Assert.Throws<ConfigException>(() => FeedsFileEditor.Open(path, "feeds.json"));

        Assert.That(refused!.Errors.Single().ToString(), Does.Contain("'not a url' is not an absolute http, https or file URL"));
    }
}
