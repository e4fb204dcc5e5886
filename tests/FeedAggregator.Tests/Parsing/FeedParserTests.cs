using System.Text;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

/// <summary>What the parser does for every format: detection, encodings, identity, languages, broken input, safety.</summary>
public sealed class FeedParserTests
{
    private static ParsedFeed Parse(string text, FeedParseOptions? options = null) => FeedParser.Parse(Encoding.UTF8.GetBytes(text), options);

    [TestCase("""<rss version="2.0"><channel/></rss>""", FeedFormat.Rss20)]
    [TestCase("""<rss version="0.91"><channel/></rss>""", FeedFormat.Rss091)]
    [TestCase("""<rss version="0.92"><channel/></rss>""", FeedFormat.Rss092)]
    [TestCase("""<rss version="0.93"><channel/></rss>""", FeedFormat.Rss093)]
    [TestCase("""<rss version="0.94"><channel/></rss>""", FeedFormat.Rss094)]
    [TestCase("""<RSS version="2.0"><Channel/></RSS>""", FeedFormat.Rss20)]
    [TestCase("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>""", FeedFormat.Rss10)]
    [TestCase("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>""", FeedFormat.Rss10)]
    [TestCase("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel/></rdf:RDF>""", FeedFormat.Rss090)]
    [TestCase("""<feed xmlns="http://www.w3.org/2005/Atom"/>""", FeedFormat.Atom10)]
    [TestCase("""<feed xmlns="http://www.w3.org/2005/atom"/>""", FeedFormat.Atom10)]
    [TestCase("""<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>""", FeedFormat.Atom03)]
    [TestCase("""{"version": "https://jsonfeed.org/version/1", "title": "J", "items": []}""", FeedFormat.Json10)]
    [TestCase("""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": []}""", FeedFormat.Json11)]
    public void Parse_DetectsFormatFromContent(string document, FeedFormat format)
    {
        var feed = Parse(document, new FeedParseOptions(new Uri("https://example.org/feed.json"), "text/html"));

        Assert.That(feed.Format, Is.EqualTo(format));
        Assert.That(feed.WellFormed, Is.True, string.Join("; ", feed.Problems));
    }

    [Test]
    public void Parse_ItemWithoutGuidOrLink_GetsStableHashIdentity()
    {
        const string Doc = """<rss version="2.0"><channel><item><title>T</title><description>D</description></item><item><title>L</title><link>https://example.org/x</link></item></channel></rss>""";

        var first = Parse(Doc);
        var second = Parse(Doc);

        Assert.That(first.Items.Select(i => i.Id), Is.EqualTo(second.Items.Select(i => i.Id)));
        Assert.That(first.Items.Select(i => i.Id), Has.All.StartWith("urn:sha256:"));
        Assert.That(first.Items[0].Id, Is.Not.EqualTo(first.Items[1].Id));
    }

    [Test]
    public void Parse_Languages_InheritXmlLangThenFeedThenContentLanguage()
    {
        var withLang = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><entry xml:lang="ru"><id>1</id></entry><entry><id>2</id></entry></feed>
            """);
        var withHeader = Parse("""<rss version="2.0"><channel><item><guid>1</guid></item></channel></rss>""", new FeedParseOptions(null, null, "uk"));

        Assert.That(withLang.Items.Select(i => i.Language), Is.EqualTo(new[] { "ru", "en" }));
        Assert.That(withHeader.Feed.Language, Is.EqualTo("uk"));
        Assert.That(withHeader.Items.Single().Language, Is.EqualTo("uk"));
    }

    [Test]
    public void Parse_XmlBase_ResolvedAtEveryLevel()
    {
        var feed = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/news/">
              <link href="index.html"/>
              <entry xml:base="2024/">
                <id>e</id>
                <link href="story-1.html"/>
                <content type="html" xml:base="photos/">&lt;img src="p1.jpg"&gt;</content>
              </entry>
            </feed>
            """, new FeedParseOptions(new Uri("https://elsewhere.example/feed.atom")));

        var entry = feed.Items.Single();
        Assert.That(feed.Feed.Link, Is.EqualTo("http://example.org/news/index.html"));
        Assert.That(entry.Link, Is.EqualTo("http://example.org/news/2024/story-1.html"));
        Assert.That(entry.Content.Single().Base, Is.EqualTo("http://example.org/news/2024/photos/"));
    }

    [Test]
    public void Parse_DocumentUri_IsTheOutermostBase()
    {
        var feed = Parse("""<rss version="2.0"><channel><link>/</link><item><link>story</link><enclosure url="a.mp3" type="audio/mpeg"/></item></channel></rss>""",
            new FeedParseOptions(new Uri("https://example.org/feeds/main.xml")));

        Assert.That(feed.Feed.Link, Is.EqualTo("https://example.org/"));
        Assert.That(feed.Items.Single().Link, Is.EqualTo("https://example.org/feeds/story"));
        Assert.That(feed.Items.Single().Enclosures.Single().Url, Is.EqualTo("https://example.org/feeds/a.mp3"));
    }

    [TestCase("jane@example.org (Jane Doe)", "Jane Doe", "jane@example.org")]
    [TestCase("Jane Doe <jane@example.org>", "Jane Doe", "jane@example.org")]
    [TestCase("jane@example.org", null, "jane@example.org")]
    [TestCase("Jane Doe", "Jane Doe", null)]
    public void Parse_AuthorText_SplitsNameAndEmail(string text, string? name, string? email)
    {
        var feed = Parse($"""<rss version="2.0"><channel><item><guid>1</guid><author>{System.Security.SecurityElement.Escape(text)}</author></item></channel></rss>""");

        Assert.That(feed.Items.Single().Authors.Single(), Is.EqualTo(new Person(name, email, null)));
    }

    [Test]
    public void Parse_UndefinedHtmlEntitiesAndBareAmpersands_RecoveredAndMarked()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>A&nbsp;B &mdash; C & D</title><link>https://x.org/?a=1&b=2</link></item></channel></rss>""");

        Assert.That(feed.WellFormed, Is.False);
        Assert.That(feed.Problems, Has.Some.StartWith("not well-formed"));
        Assert.That(feed.Problems, Has.Some.Contains("recovered"));
        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("A\u00a0B — C & D"));
        Assert.That(feed.Items.Single().Link, Is.EqualTo("https://x.org/?a=1&b=2"));
    }

    [Test]
    public void Parse_NetscapeDoctypeWithHtmlEntities_ReadsTextAndStaysWellFormed()
    {
        var feed = Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>News&nbsp;today</title><item><title>One &hellip;</title><link>https://x.org/1</link></item></channel></rss>
            """);

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Rss091));
        Assert.That(feed.WellFormed, Is.True, string.Join("; ", feed.Problems));
        Assert.That(feed.Feed.Title?.Value, Is.EqualTo("News\u00a0today"));
        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("One …"));
    }

    [Test]
    public void Parse_GarbageBeforeRoot_IsSkipped()
    {
        var feed = Parse("<br />\n<b>Warning</b>: headers already sent\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><guid>1</guid></item></channel></rss>");

        Assert.That(feed.Format, Is.EqualTo(FeedFormat.Rss20));
        Assert.That(feed.WellFormed, Is.False);
        Assert.That(feed.Items, Has.Count.EqualTo(1));
    }

    [Test]
    public void Parse_ControlCharacters_AreDropped()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><item><title>Bad\u000Bchar\u001A</title></item></channel></rss>");

        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Badchar"));
    }

    [Test]
    public void Parse_BillionLaughs_IsNeverExpanded()
    {
        var lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            lol.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">");
        }

        lol.Append("]><rss version=\"2.0\"><channel><item><title>&lol9;</title></item></channel></rss>");
        var feed = Parse(lol.ToString());

        Assert.That(feed.Items.Single().Title?.Value ?? "", Has.Length.LessThan(100));
    }

    [Test]
    public void Parse_DeepNesting_IsBounded()
    {
        var deep = "<rss version=\"2.0\"><channel><item><description>" + string.Concat(Enumerable.Repeat("<b>", 10_000)) + "x</description></item></channel></rss>";

        var feed = Parse(deep);

        Assert.That(feed.IsFeed, Is.True);
        Assert.That(feed.WellFormed, Is.False);
    }

    [Test]
    public void Parse_OverSizeLimit_IsRefused()
    {
        var feed = FeedParser.Parse(new byte[2048], new FeedParseOptions { MaxBytes = 1024 });

        Assert.That(feed.IsFeed, Is.False);
        Assert.That(feed.Problems.Single(), Does.Contain("over the limit of 1024"));
    }

    [Test]
    public void Parse_HtmlPage_IsNotAFeed()
    {
        var feed = Parse("<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello<br></body></html>");

        Assert.That(feed.IsFeed, Is.False);
        Assert.That(feed.Problems.Single(), Does.StartWith("not a feed"));
    }

    [Test]
    public void Parse_Windows1251WithoutDeclaration_UsesHttpCharsetOrSniffing()
    {
        var bytes = CodePages("windows-1251").GetBytes("<rss version=\"2.0\"><channel><item><title>Торговля людьми</title></item></channel></rss>");

        var withHeader = FeedParser.Parse(bytes, new FeedParseOptions(null, "application/rss+xml; charset=windows-1251"));
        var sniffed = FeedParser.Parse(bytes);

        Assert.That(withHeader.Items.Single().Title?.Value, Is.EqualTo("Торговля людьми"));
        Assert.That(withHeader.Encoding, Is.EqualTo("windows-1251"));
        Assert.That(sniffed.Items.Single().Title?.Value, Is.EqualTo("Торговля людьми"));
    }

    [TestCase("koi8-r")]
    [TestCase("windows-1251")]
    [TestCase("iso-8859-5")]
    public void Parse_DeclaredLegacyEncoding_IsHonoured(string encoding)
    {
        var bytes = CodePages(encoding).GetBytes($"<?xml version=\"1.0\" encoding=\"{encoding}\"?><rss version=\"2.0\"><channel><item><title>Новости дня</title></item></channel></rss>");

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Новости дня"));
        Assert.That(feed.Encoding, Is.EqualTo(encoding));
        Assert.That(feed.WellFormed, Is.True);
    }

    [Test]
    public void Parse_DeclarationContradictedByBytes_IsRecovered()
    {
        var bytes = CodePages("windows-1251").GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><item><title>Торговля людьми в регионе</title></item></channel></rss>");

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Торговля людьми в регионе"));
        Assert.That(feed.WellFormed, Is.False);
        Assert.That(feed.Problems, Has.Some.Contains("not UTF-8"));
    }

    [TestCase("utf-16le", true)]
    [TestCase("utf-16be", true)]
    [TestCase("utf-16le", false)]
    [TestCase("utf-16be", false)]
    [TestCase("utf-32le", true)]
    [TestCase("utf-32be", true)]
    public void Parse_WideEncodings_WithOrWithoutBom(string name, bool bom)
    {
        Encoding encoding = name switch
        {
            "utf-16le" => new UnicodeEncoding(false, bom),
            "utf-16be" => new UnicodeEncoding(true, bom),
            "utf-32le" => new UTF32Encoding(false, bom),
            _ => new UTF32Encoding(true, bom),
        };
        var text = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><item><title>Київ 🌍</title></item></channel></rss>";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Київ 🌍"));
        Assert.That(feed.Encoding, Is.EqualTo(name));
    }

    [Test]
    public void Parse_Utf8Bom_IsSkipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Т</title></channel></rss>")).ToArray();

        Assert.That(FeedParser.Parse(bytes).Feed.Title?.Value, Is.EqualTo("Т"));
    }

    [Test]
    public void Parse_RandomBytes_NeverThrow()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            Assert.DoesNotThrow(() => FeedParser.Parse(bytes));
        }
    }

    private static Encoding CodePages(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
