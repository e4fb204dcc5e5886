using System.Text;
using System.Text.Json;
using System.Xml;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Parsing;

/// <summary>
/// The UTF-8 reader against the standard one, which is the reference: node by node on small documents, and whole parses
/// (the normalised JSON, problems included) on every fixture and on thousands of mutations of them.
/// </summary>
public sealed class Utf8XmlReaderTests
{
    private static readonly string[] XmlFixtures =
    [
        "Parsing/rss090.rdf", "Parsing/rss092.xml", "Parsing/rss093.xml", "Parsing/rss094.xml", "Parsing/rss20-full.xml",
        "Parsing/rss10.rdf", "Parsing/rss10-no-default-ns.rdf", "Parsing/atom03.xml", "Parsing/atom10-xmlbase.xml",
        "Parsing/atom10-text-constructs.xml", "Parsing/rss20-uppercase.xml", "Parsing/lying-declaration-utf8.xml",
        "Parsing/broken-entities.xml", "Parsing/garbage-before-root.xml", "Parsing/truncated.xml", "Parsing/html-page.html",
        "Parsing/billion-laughs.xml", "Parsing/xxe.xml", "Parsing/rss091-netscape.xml", "trafficking.atom.xml", "trafficking.rss.xml",
    ];

    private const string MutationBytes = "<>&\"'/= \r\n:]!?-x#;";

    private static readonly string[] Insertions =
    [
        "<!-- c -->", "<![CDATA[x < y]]>", "&amp;", "&#x41;", "&#65;", "&#x1F600;", "&nbsp;", "\r\n", "\r", "<?pi x?>", "<a:b>",
        "</x>", " xmlns:a=\"urn:a\"", " xmlns=\"\"", " xml:lang=\"fr\"", " xml:base=\"http://e.example/b/\"", "]]>", "<x/>", "&#0;",
        " a='1'", "\u00A0", "é", "<!DOCTYPE x>", "<?xml version=\"1.0\"?>", "&#32;", "  ", "\t", "<p>bold</p>", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><b>x</b></div>",
        " xml:space=\"preserve\"", "&lt;b&gt;", "&quot;", "&apos;", "&#xD;", "--", "<", ">", "&", "\"", "'",
    ];

    private static readonly string[] TextInsertions =
    [
        "<!-- c -->", "<![CDATA[x < y & z]]>", "<![CDATA[]]>", "&amp;", "&#x41;", "&#65;", "&#x1F600;", "\r\n", "\r", "<?pi x?>",
        "\u00A0", "é ё", "&#32;", "  ", "\t", "&lt;b&gt;bold&lt;/b&gt;", "&quot;", "&apos;", "&#xD;", " text ", "\u2003", "x\r\ny",
    ];

    [TestCase("<d>a<!--c-->b</d>")]
    [TestCase("<d>a<?pi x?>b</d>")]
    [TestCase("<d>a<!--c-->  </d>")]
    [TestCase("<d>  <!--c-->b</d>")]
    [TestCase("<d>\r\n x \r y</d>")]
    [TestCase("<d a=' x\r\ny\tz&#10;&#9;&lt;' b=\"&quot;'\"/>")]
    [TestCase("<d> <![CDATA[ ]]> <![CDATA[]]></d>")]
    [TestCase("<d><![CDATA[a\r\nb\rc]]></d>")]
    [TestCase("<d>]]</d>")]
    [TestCase("<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n<!-- before -->\n<?xml-stylesheet href='a.xsl'?>\n<d/>\n<!-- after -->\n")]
    [TestCase("<d xml:lang='en'><e xml:lang='ru'>т</e><f>x</f></d>")]
    [TestCase("<a:d xmlns:a='urn:a' xmlns='urn:default'><e a:x='1' y='2'/><f xmlns=''><g/></f><a:h xmlns:a='urn:other'/></a:d>")]
    [TestCase("<d>&lt;p&gt;Tom &amp; Jerry&lt;/p&gt; &#x44F;&#1103;</d>")]
    [TestCase("<d><e></e><e/><e >x</e ></d>")]
    [TestCase("<d>text <b>bold</b> tail</d>")]
    public void Nodes_SameAsTheStandardReader(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        Assert.That(Nodes(new Utf8XmlReader(bytes, new NameTable())), Is.EqualTo(Nodes(Standard(bytes))));
    }

    [TestCase("<!DOCTYPE d><d/>")]
    [TestCase("<d>&nbsp;</d>")]
    [TestCase("<d>a & b</d>")]
    [TestCase("<d><e></d>")]
    [TestCase("<d>")]
    [TestCase("<d/><e/>")]
    [TestCase("<d/>text")]
    [TestCase("text<d/>")]
    [TestCase("<d a='1' a='2'/>")]
    [TestCase("<d a='1'b='2'/>")]
    [TestCase("<d a=1/>")]
    [TestCase("<d a='<'/>")]
    [TestCase("<p:d/>")]
    [TestCase("<d xmlns:p=''/>")]
    [TestCase("<d>x]]>y</d>")]
    [TestCase("<d><!-- a -- b --></d>")]
    [TestCase(" <?xml version='1.0'?><d/>")]
    [TestCase("<?xml version='1.1'?><d/>")]
    [TestCase("<d xml:space='preserve'> </d>")]
    [TestCase("<д/>")]
    [TestCase("<d>&#32;</d>")]
    [TestCase("<d>&#xFFFE;</d>")]
    [TestCase("<d>&#1;</d>")]
    [TestCase("<d><![CDATA[x</d>")]
    public void Unsupported_LeftToTheStandardReader(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        Assert.That(() => Nodes(new Utf8XmlReader(bytes, new NameTable())), Throws.TypeOf<Utf8XmlReader.UnsupportedException>());
    }

    [TestCase("\u0001")]
    [TestCase("\uFFFF")]
    public void Suits_RefusesCharactersXmlForbids(string character)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Utf8XmlReader.Suits(Encoding.UTF8.GetBytes("<d>" + character + "</d>")), Is.False);
            Assert.That(Utf8XmlReader.Suits(Encoding.UTF8.GetBytes("<d>é ё 🎻</d>")), Is.True);
            Assert.That(Utf8XmlReader.Suits([(byte)'<', (byte)'d', (byte)'>', 0xC3, (byte)'<']), Is.False, "invalid UTF-8");
        });
    }

    [TestCaseSource(nameof(XmlFixtures))]
    public void Fixture_SameJsonAsTheStandardReader(string fixture)
    {
        var bytes = Repository.FixtureBytes(fixture);
        var (fast, standard) = BothWays(bytes);
        Assert.That(fast, Is.EqualTo(standard));
    }

    [TestCase("Parsing/rss20-full.xml")]
    [TestCase("Parsing/rss10.rdf")]
    [TestCase("Parsing/atom10-xmlbase.xml")]
    [TestCase("trafficking.rss.xml")]
    [TestCase("trafficking.atom.xml")]
    public void UsualFeeds_AreReadFromTheirBytes(string fixture)
    {
        var feed = FeedParser.Parse(Repository.FixtureBytes(fixture));
        Assert.That(feed.ReadFromUtf8, Is.True);
    }

    [Test]
    public void Mutations_SameJsonAsTheStandardReader()
    {
        var random = new Random(20261122);
        var fixtures = XmlFixtures.Select(Repository.FixtureBytes).ToArray();
        var read = 0;
        var failures = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            var mutated = Mutate(fixtures[random.Next(fixtures.Length)], random);
            var (fast, standard) = BothWays(mutated);
            read += FeedParser.Parse(mutated).ReadFromUtf8 ? 1 : 0;
            if (fast != standard && failures.Count < 3)
            {
                failures.Add($"case {i}:\n{Encoding.UTF8.GetString(mutated)}\nfast:     {fast}\nstandard: {standard}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, string.Join("\n\n", failures));
            Assert.That(read, Is.GreaterThan(1000), "mutations the UTF-8 reader read itself");
        });
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = source.ToList();
        if (random.Next(10) < 6)
        {
            // Gentle: a construct that keeps the document well-formed, written where text may stand (after a tag's '>').
            for (var e = 0; e < 1 + random.Next(4); e++)
            {
                var at = bytes.IndexOf((byte)'>', random.Next(bytes.Count));
                if (at > 0 && bytes[at - 1] is not ((byte)'?' or (byte)'-' or (byte)']'))
                {
                    bytes.InsertRange(at + 1, Encoding.UTF8.GetBytes(TextInsertions[random.Next(TextInsertions.Length)]));
                }
            }

            return [.. bytes];
        }

        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)MutationBytes[random.Next(MutationBytes.Length)];
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(20), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(1 + random.Next(40), bytes.Count - at)));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Insertions[random.Next(Insertions.Length)]));
                    break;
            }
        }

        return [.. bytes];
    }

    private static (string Fast, string Standard) BothWays(byte[] bytes)
    {
        var uri = new Uri("http://feeds.example.org/feed.xml");
        return (Json(FeedParser.Parse(bytes, new FeedParseOptions(uri))),
            Json(FeedParser.Parse(bytes, new FeedParseOptions(uri) { StandardReaderOnly = true })));
    }

    private static string Json(ParsedFeed feed)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            FeedJson.WriteFeed(json, feed, "x");
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static XmlReader Standard(byte[] bytes)
    {
        var settings = SafeXml.Settings(FeedParser.DefaultMaxBytes);
        return XmlReader.Create(new DecodingReader(bytes, Encoding.UTF8), settings);
    }

    private static List<string> Nodes(XmlReader reader)
    {
        var nodes = new List<string>();
        using (reader)
        {
            while (reader.Read())
            {
                // The declaration is a node only to the standard reader; MoveToContent passes over it in both.
                if (reader.NodeType == XmlNodeType.XmlDeclaration)
                {
                    continue;
                }

                var node = $"{reader.NodeType} {reader.Prefix}:{reader.LocalName} {{{reader.NamespaceURI}}} depth {reader.Depth} empty {reader.IsEmptyElement} lang '{reader.XmlLang}' value [{reader.Value}]";
                if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
                {
                    do
                    {
                        node += $" @{reader.Prefix}:{reader.LocalName} {{{reader.NamespaceURI}}} depth {reader.Depth} [{reader.Value}]";
                    }
                    while (reader.MoveToNextAttribute());
                    reader.MoveToElement();
                    node += $" count {reader.AttributeCount}";
                }

                nodes.Add(node);
            }
        }

        return nodes;
    }
}
