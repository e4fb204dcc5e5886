using System.Xml.Linq;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Cli;

/// <summary>opml import and export, in-process, with real files.</summary>
[NonParallelizable]
public sealed class OpmlCommandTests
{
    private const string Existing = """
        {
          "feeds": [
            // Configured by hand.
            { "id": "un-news-en", "url": "https://news.un.org/en.xml", "title": "UN News", "tags": ["un"] }
          ]
        }

        """;

    /// <summary>OPML 1.0 as readers export it: nested folders, a category attribute with paths, and the usual slips.</summary>
    private const string Subscriptions = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="1.0">
          <head><title>My subscriptions</title></head>
          <body>
            <outline text="Tech">
              <outline text="Dev Tools" title="Dev Tools">
                <outline type="rss" text="Hacker News" title="Hacker News" xmlUrl="https://news.ycombinator.com/rss" htmlUrl="https://news.ycombinator.com/" />
                <outline text="Go Blog" xmlUrl="https://go.dev/blog/feed.atom" />
              </outline>
              <outline type="rss" title="Новости технологий" text="ignored" xmlurl="https://tech.example.ru/rss" language="ru" category="/World/Europe, Science" />
            </outline>
            <outline type="rss" text="UN News again" xmlUrl="https://news.un.org/en.xml" />
            <outline type="rss" text="Hacker News copy" xmlUrl="https://news.ycombinator.com/rss" />
            <outline type="rss" text="No address" />
            <outline type="rss" text="Not a URL" xmlUrl="news.example.org/rss" />
            <outline type="rss" text="Le Monde" xmlUrl="https://www.lemonde.fr/rss/une.xml" language="not-a-language" category="News" />
          </body>
        </opml>
        """;

    private static (string Id, string Url, string? Title, string? Language, string Tags)[] Snapshot(string path) =>
        [.. FeedsFile.Load(path, "feeds.json").Select(f => (f.Id, f.Url.AbsoluteUri, f.Title, f.Language, string.Join(",", f.Tags)))];

    [Test]
    public async Task Import_AddsFeedsWithTagsAndIds_SkipsAndListsDuplicatesAndInvalid()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", Existing);
        var opml = folder.Write("subscriptions.opml", Subscriptions);

        var result = await CommandLine.RunAsync(["opml", "import", opml, .. ServiceUnderTest.Args(folder)]);

        Assert.That(result.Code, Is.Zero, result.Error);
        Assert.That(Snapshot(path), Is.EqualTo(new (string, string, string?, string?, string)[]
        {
            ("un-news-en", "https://news.un.org/en.xml", "UN News", null, "un"),
            ("hacker-news", "https://news.ycombinator.com/rss", "Hacker News", null, "tech,dev-tools"),
            ("go-blog", "https://go.dev/blog/feed.atom", "Go Blog", null, "tech,dev-tools"),
            ("novosti-tekhnologiy", "https://tech.example.ru/rss", "Новости технологий", "ru", "tech,world,europe,science"),
            ("le-monde", "https://www.lemonde.fr/rss/une.xml", "Le Monde", null, "news"),
        }));
        const string lastKept = "\"tags\": [\"un\"] },";
        Assert.That(File.ReadAllText(path), Does.StartWith(Existing[..Existing.IndexOf("\"tags\": [\"un\"] }", StringComparison.Ordinal)] + lastKept),
            "the feeds that were there, and the comment, stay as they were");
        Assert.That(result.Out, Does.Contain("4 added, 2 skipped as duplicates, 2 invalid."));
        Assert.That(result.Out, Does.Contain("duplicate: \"UN News again\": https://news.un.org/en.xml is already configured as feed 'un-news-en'"));
        Assert.That(result.Out, Does.Contain("duplicate: \"Hacker News copy\": https://news.ycombinator.com/rss appears earlier in the file as \"Hacker News\""));
        Assert.That(result.Out, Does.Contain("invalid: \"No address\": no xmlUrl"));
        Assert.That(result.Out, Does.Contain("invalid: \"Not a URL\": 'news.example.org/rss' is not an absolute http or https URL"));
        Assert.That(result.Out, Does.Contain("added le-monde: https://www.lemonde.fr/rss/une.xml (language 'not-a-language' is not a language code: left out)"));
    }

    [Test]
    public async Task Import_Again_SkipsEveryFeedAsDuplicate_AndDryRunWritesNothing()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", Existing);
        var opml = folder.Write("subscriptions.opml", Subscriptions);
        var dryRun = await CommandLine.RunAsync(["opml", "import", opml, "--dry-run", .. ServiceUnderTest.Args(folder)]);
        var untouched = File.ReadAllText(path);
        await CommandLine.RunAsync(["opml", "import", opml, .. ServiceUnderTest.Args(folder)]);
        var once = File.ReadAllBytes(path);

        var again = await CommandLine.RunAsync(["opml", "import", opml, .. ServiceUnderTest.Args(folder)]);

        Assert.That(dryRun.Code, Is.Zero, dryRun.Error);
        Assert.That(dryRun.Out, Does.Contain("4 would be added, 2 skipped as duplicates, 2 invalid."));
        Assert.That(untouched, Is.EqualTo(Existing));
        Assert.That(again.Code, Is.Zero, again.Error);
        Assert.That(again.Out, Does.Contain("0 added, 6 skipped as duplicates, 2 invalid."));
        Assert.That(again.Out, Does.Contain("duplicate: \"Go Blog\": https://go.dev/blog/feed.atom is already configured as feed 'go-blog'"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(once));
    }

    [Test]
    public async Task ImportThenExport_ImportsBackToTheSameFeedsAndTags()
    {
        using var folder = new TempDirectory();
        using var other = new TempDirectory();
        var path = folder.Write("feeds.json", Existing);
        var opml = folder.Write("subscriptions.opml", Subscriptions);
        var empty = other.Write("feeds.json", """{ "feeds": [] }""");
        await CommandLine.RunAsync(["opml", "import", opml, .. ServiceUnderTest.Args(folder)]);

        var export = await CommandLine.RunAsync(["opml", "export", "--out", folder.File("export.opml"), .. ServiceUnderTest.Args(folder)]);
        var import = await CommandLine.RunAsync(["opml", "import", folder.File("export.opml"), .. ServiceUnderTest.Args(other)]);

        Assert.That(export.Code, Is.Zero, export.Error);
        var exported = XDocument.Load(folder.File("export.opml"));
        Assert.That(exported.Root!.Attribute("version")!.Value, Is.EqualTo("2.0"));
        var folders = exported.Root.Element("body")!.Elements("outline").ToList();
        Assert.That(folders.Select(f => (string?)f.Attribute("text")), Is.EqualTo(new[] { "un", "tech", "news" }), "one folder per first tag");
        Assert.That(folders[1].Elements("outline").Select(o => (string?)o.Attribute("category")),
            Is.EqualTo(new[] { "tech,dev-tools", "tech,dev-tools", "tech,world,europe,science" }));
        Assert.That(import.Code, Is.Zero, import.Error);
        Assert.That(import.Out, Does.Contain("5 added, 0 skipped as duplicates, 0 invalid."));
        Assert.That(Snapshot(empty), Is.EquivalentTo(Snapshot(path)));
    }

    [Test]
    public async Task Import_FileWithADtd_IsRefusedAndNothingIsRead()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("feeds.json", Existing);
        var opml = folder.Write("evil.opml", """
            <?xml version="1.0"?>
            <!DOCTYPE opml [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <opml version="2.0"><body><outline type="rss" text="&secret;" xmlUrl="https://x.example/rss" /></body></opml>
            """);
        var notOpml = folder.Write("feed.xml", """<rss version="2.0"><channel /></rss>""");

        var dtd = await CommandLine.RunAsync(["opml", "import", opml, .. ServiceUnderTest.Args(folder)]);
        var rss = await CommandLine.RunAsync(["opml", "import", notOpml, .. ServiceUnderTest.Args(folder)]);

        Assert.That((dtd.Code, rss.Code), Is.EqualTo((1, 1)));
        Assert.That(dtd.Error, Does.Contain($"error: {opml}: not an OPML file: "));
        Assert.That(rss.Error, Does.Contain("the root element is <rss>, not <opml>"));
        Assert.That(File.ReadAllText(path), Is.EqualTo(Existing));
    }
}
