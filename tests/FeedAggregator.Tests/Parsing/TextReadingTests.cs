using System.Text;
using System.Xml;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

/// <summary>
/// Text constructs are read through a pooled buffer into UTF-8 and the document is decoded straight into the XML
/// reader: these tables hold those paths to the same results as plain strings would give.
/// </summary>
public sealed class TextReadingTests
{
    static TextReadingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ParsedItem OnlyItem(string itemXml, string encoding = "utf-8") =>
        FeedParser.Parse(Encoding.GetEncoding(encoding).GetBytes(
            $"<?xml version=\"1.0\" encoding=\"{encoding}\"?><rss version=\"2.0\"><channel><title>t</title><item>{itemXml}</item></channel></rss>")).Items.Single();

    [TestCase(10)]
    [TestCase(1023)]
    [TestCase(1024)]
    [TestCase(5000)]
    [TestCase(70000)]
    public void LongText_IsReadWhole(int length)
    {
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));

        Assert.That(OnlyItem($"<description>{text}</description>").Summary!.Value, Is.EqualTo(text));
    }

    [TestCase(1022)]
    [TestCase(1023)]
    [TestCase(4095)]
    public void SurrogatePairs_AcrossBufferBoundaries_StayWhole(int prefix)
    {
        var text = new string('x', prefix) + "😀🇷🇺" + new string('y', 10);

        Assert.That(OnlyItem($"<description><![CDATA[{text}]]></description>").Summary!.Value, Is.EqualTo(text));
    }

    [TestCase("<title>a &amp; b &lt;c&gt; &#1046; &#x1F600;</title>", "a & b <c> Ж 😀")]
    [TestCase("<title>  padded  </title>", "padded")]
    [TestCase("<title><![CDATA[ cdata ]]></title>", "cdata")]
    [TestCase("<title>one <![CDATA[two]]> three</title>", "one two three")]
    [TestCase("<title><![CDATA[a]]><![CDATA[b]]></title>", "ab")]
    [TestCase("<title></title>", "")]
    [TestCase("<title/>", "")]
    public void TitleText_MatchesItsMeaning(string xml, string expected)
    {
        Assert.That(OnlyItem(xml).Title!.Value, Is.EqualTo(expected));
    }

    [Test]
    public void MarkupInDescription_IsKeptAsMarkup()
    {
        var summary = OnlyItem("<description>Hello <b>bold</b> world</description>").Summary!;

        Assert.That(summary.Value, Is.EqualTo("Hello <b>bold</b> world"));
    }

    [Test]
    public void Utf8Text_IsTheSameTextAsTheString()
    {
        var summary = OnlyItem("<description>Торговля людьми — «тема»</description>").Summary!;

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(summary.Text.Utf8), Is.EqualTo("Торговля людьми — «тема»"));
            Assert.That(summary, Is.EqualTo(new TextValue("Торговля людьми — «тема»", TextValue.Html)));
            Assert.That(summary.GetHashCode(), Is.EqualTo(new TextValue("Торговля людьми — «тема»", TextValue.Html).GetHashCode()));
        });
    }

    [TestCase("windows-1251")]
    [TestCase("koi8-r")]
    [TestCase("utf-16")]
    public void LegacyAndWideEncodings_DecodeTextConstructs(string encoding)
    {
        Assert.That(OnlyItem("<title>Жертвы торговли людьми</title>", encoding).Title!.Value, Is.EqualTo("Жертвы торговли людьми"));
    }

    [Test]
    public void Utf8Bom_WinsOverADeclarationThatSaysOtherwise()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }
            .Concat(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>Жертвы</title></channel></rss>"))
            .ToArray();

        var feed = FeedParser.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(feed.Feed.Title!.Value, Is.EqualTo("Жертвы"));
            Assert.That(feed.Encoding, Is.EqualTo("utf-8"));
        });
    }

    [Test]
    public void DecodingReader_NamesTheOffsetLineAndColumnOfAnInvalidUtf8Byte()
    {
        var bytes = Encoding.UTF8.GetBytes("<a>\n<b>ok\xFF</b></a>".Replace("\xFF", "#", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;
        using var reader = new DecodingReader(bytes, new UTF8Encoding(false));

        var error = Assert.Throws<XmlException>(() => reader.ReadToEnd())!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("0xFF at offset 9"));
            Assert.That(error.LineNumber, Is.EqualTo(2));
            Assert.That(error.LinePosition, Is.EqualTo(6));
        });
    }

    [Test]
    public void DecodingReader_OneCharAtATime_NeverSplitsASurrogatePair()
    {
        const string text = "a😀b🇷🇺";
        using var reader = new DecodingReader(Encoding.UTF8.GetBytes(text), new UTF8Encoding(false));
        var read = new StringBuilder();
        var one = new char[1];
        while (reader.Read(one, 0, 1) == 1)
        {
            read.Append(one[0]);
        }

        Assert.That(read.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void DecodingReader_LegacyEncoding_OneCharAtATime()
    {
        var cp1251 = Encoding.GetEncoding("windows-1251");
        using var reader = new DecodingReader(cp1251.GetBytes("Жертвы"), cp1251);
        var read = new StringBuilder();
        var one = new char[1];
        while (reader.Read(one, 0, 1) == 1)
        {
            read.Append(one[0]);
        }

        Assert.That(read.ToString(), Is.EqualTo("Жертвы"));
    }
}
