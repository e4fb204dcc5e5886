using System.Text;
using System.Text.RegularExpressions;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The smallest documents that reproduce what the fuzz tests found, each kept so that it cannot come back; and the
/// nesting depths the issue names (100,000 elements, deep JSON), which would end the test process if they overflowed
/// the stack.
/// </summary>
public sealed partial class FuzzRegressionTests
{
    private const string Rss = """<rss version="2.0"><channel><title>Channel</title>""";

    [TestCase("""<?xml version="1.0" encoding="utf-7"?>""", null)]
    [TestCase("", "application/rss+xml; charset=utf-7")]
    public void Parse_Utf7Named_ReadAsAnUnknownCharset(string declaration, string? contentType)
    {
        // .NET refuses UTF-7 with NotSupportedException, which escaped the parser.
        var bytes = Encoding.UTF8.GetBytes(declaration + Rss + "<item><title>Story</title></item></channel></rss>");

        var feed = FeedParser.Parse(bytes, new FeedParseOptions(ContentType: contentType));

        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Story"));
    }

    [Test]
    public void Parse_MarkupNestedDeepInADescription_RefusedAtTheDepthLimitWithoutQuadraticCost()
    {
        // Inline markup was copied with XmlReader.ReadOuterXml, whose writer grows its stack ten elements at a time:
        // 20,000 nested elements took a gigabyte.
        var bytes = Encoding.UTF8.GetBytes(Rss + "<item><title>Kept</title></item><item><title>Deep</title><description>"
            + Repeat("<div>", 20_000) + "text" + Repeat("</div>", 20_000) + "</description></item></channel></rss>");

        var (feed, allocated) = ParseMeasured(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(feed.WellFormed, Is.False);
            Assert.That(feed.Problems, Has.Some.Contains($"nested deeper than {SafeXml.MaxDepth}"));
            Assert.That(feed.Items.Select(item => item.Title?.Value), Is.EqualTo(new[] { "Kept" }));
            Assert.That(allocated, Is.LessThan(Budget(bytes)));
        });
    }

    [Test]
    public void Parse_InlineMarkupBrokenInsideAPrefixedElement_RecoveredNotCalledUnreadable()
    {
        // Closing the markup writer after the reader threw wrote the open end tags, and its ArgumentException hid the
        // reader's XmlException: the parser called the whole document unreadable.
        var bytes = Encoding.UTF8.GetBytes(Rss + """<item><title>Kept</title></item><description>x<r:b xmlns:r="urn:r">q</r:c></description></channel></rss>""");

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.IsFeed, Is.True, string.Join("; ", feed.Problems));
        Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Kept"));
    }

    [Test]
    public void Parse_JsonFeedInLatin1ServedAsUtf8_ReadInTheCharsetOfItsBytes()
    {
        // JSON reads a string only when asked for it, and then threw on the byte that was not UTF-8: the parser called the
        // whole document unreadable where XML is read again in the charset its bytes are in.
        var bytes = Encoding.Latin1.GetBytes("""{"version":"https://jsonfeed.org/version/1.1","title":"Café","items":[{"id":"1","title":"Naïve"}]}""");

        var feed = FeedParser.Parse(bytes, new FeedParseOptions(ContentType: "application/feed+json; charset=utf-8"));

        Assert.Multiple(() =>
        {
            Assert.That(feed.Feed.Title?.Value, Is.EqualTo("Café"));
            Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Naïve"));
            Assert.That(feed.WellFormed, Is.False);
            Assert.That(feed.Problems, Has.Some.Contains("not UTF-8"));
        });
    }

    [Test]
    public void Parse_JsonFeedWithUtf8MarkAndOtherBytes_ReadWithReplacementCharacters()
    {
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.Latin1.GetBytes("""{"version":"https://jsonfeed.org/version/1.1","title":"Café","items":[]}""")];

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.Feed.Title?.Value, Is.EqualTo("Caf\uFFFD"));
        Assert.That(feed.WellFormed, Is.False);
    }

    [Test]
    public void Parse_CDataOverAKilobyteWithWindowsLineEnds_ReadOnTheFastPath()
    {
        // The fast reader pointed the value at its text buffer as it was before the line ends were written into a larger
        // one: every such description made the document "unreadable".
        var text = Repeat("line\r\n", 300);
        var bytes = Encoding.UTF8.GetBytes(Rss + "<item><title>A</title><description><![CDATA[" + text + "]]></description></item></channel></rss>");

        var feed = FeedParser.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(feed.WellFormed, Is.True, string.Join("; ", feed.Problems));
            Assert.That(feed.ReadFromUtf8, Is.True);
            Assert.That(feed.Items.Single().Summary?.Value, Is.EqualTo(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()));
        });
    }

    [Test]
    public void Parse_XhtmlNestedDeepInAtomContent_RefusedAtTheDepthLimitWithoutQuadraticCost()
    {
        var bytes = Encoding.UTF8.GetBytes("""<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><title>Kept</title></entry><entry><title>Deep</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">"""
            + Repeat("<div>", 20_000) + "text" + Repeat("</div>", 20_000) + "</div></content></entry></feed>");

        var (feed, allocated) = ParseMeasured(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(feed.WellFormed, Is.False);
            Assert.That(feed.Items.Select(item => item.Title?.Value), Is.EqualTo(new[] { "Kept" }));
            Assert.That(allocated, Is.LessThan(Budget(bytes)));
        });
    }

    [Test]
    public void Parse_XhtmlWithinTheDepthLimit_CopiedAsReadInnerXmlWouldCopyIt()
    {
        var bytes = Encoding.UTF8.GetBytes("""<feed xmlns="http://www.w3.org/2005/Atom" xmlns:m="urn:m"><title>F</title><entry><title>T</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="a&amp;b">x &lt; y<br/><m:q m:z="1">q</m:q><![CDATA[<c>]]></p></div></content></entry></feed>""");

        var feed = FeedParser.Parse(bytes, new FeedParseOptions { StandardReaderOnly = true });

        Assert.That(feed.Items.Single().Content.Single().Value, Is.EqualTo(
            """<p class="a&amp;b" xmlns="http://www.w3.org/1999/xhtml">x &lt; y<br /><m:q m:z="1" xmlns:m="urn:m">q</m:q><![CDATA[<c>]]></p>"""));
    }

    [TestCase(10_000, "")]
    [TestCase(100_000, "</item>")]
    public void Parse_HundredThousandNestedElements_RefusedWithoutOverflowingTheStack(int depth, string close)
    {
        var bytes = Encoding.UTF8.GetBytes(Rss + "<item><title>Kept</title></item><item>" + Repeat("<x>", depth) + close + "</channel></rss>");

        var (outcome, _, _) = FuzzPipeline.Process(bytes, null, null);

        Assert.That(outcome, Is.EqualTo(FuzzOutcome.Recovered));
    }

    [TestCase("[", "]")]
    [TestCase("""{"a":""", "}")]
    public void Parse_JsonNestedHundredThousandDeep_RefusedWithoutOverflowingTheStack(string open, string close)
    {
        var bytes = Encoding.UTF8.GetBytes("""{"version":"https://jsonfeed.org/version/1.1","title":"T","x":""" + Repeat(open, 100_000) + "1" + Repeat(close, 100_000) + "}");

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.IsFeed, Is.False);
        Assert.That(feed.Problems.Single(), Does.Contain("not valid JSON").And.Contain("depth"));
    }

    [TestCase(40)]
    [TestCase(50_000)]
    public void Parse_TagWithManyDistinctAttributes_ReadOnTheFastPath(int count)
    {
        // The fast reader compared every attribute with every other: 100,000 attributes (1 MB) took half a minute.
        var bytes = Encoding.UTF8.GetBytes(Rss + "<item" + Attributes(count) + "><title>Story</title></item></channel></rss>");

        var feed = FeedParser.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(feed.WellFormed, Is.True);
            Assert.That(feed.ReadFromUtf8, Is.True, "read by Utf8XmlReader");
            Assert.That(feed.Items.Single().Title?.Value, Is.EqualTo("Story"));
        });
    }

    [TestCase(""" a0="again" """)]
    [TestCase(""" xmlns:p="urn:p" xmlns:q="urn:p" p:z="1" q:z="2" """)]
    [TestCase(""" xmlns:p="urn:p" xmlns:p="urn:q" """)]
    public void Parse_RepeatedAttributeAmongMany_LeftToTheStandardReader(string repeated)
    {
        var bytes = Encoding.UTF8.GetBytes(Rss + "<item" + Attributes(100) + repeated + "><title>Story</title></item></channel></rss>");

        var feed = FeedParser.Parse(bytes);

        Assert.That(feed.ReadFromUtf8, Is.False);
        Assert.That(feed.WellFormed, Is.False);
    }

    [Test]
    public void Sanitize_HundredThousandNestedElements_UnwrappedPastTheLimitTextKept()
    {
        // The HTML parser searched its stack of 100,000 open elements at each tag: 100 seconds.
        var html = Repeat("<div>", 100_000) + "deep text";

        var sanitized = HtmlSanitizer.Sanitize(html, null);

        Assert.That(sanitized, Does.Contain("deep text"));
        Assert.That(Count(sanitized, "<div>"), Is.EqualTo(HtmlNesting.MaxDepth));
    }

    [TestCase(0)]
    [TestCase(100)]
    public void Sanitize_FormattingLeftOpenThenRebuiltOverAndOver_BoundedByTheInput(int between)
    {
        // 200 distinct open <b>, each rebuilt before every "x": 18 kB of this made 800,000 elements. Elements between the
        // paragraph and the formatting ones do not hide the paragraph from the <p> that closes it.
        var html = "<p>" + Repeat("<span>", between) + string.Concat(Enumerable.Range(0, 200).Select(i => $"<b class=c{i}>")) + Repeat("<p>x", 2_000);

        var sanitized = HtmlSanitizer.Sanitize(html, null);

        Assert.That(Count(sanitized, "<b>"), Is.LessThan((html.Length / HtmlNesting.CharactersPerRebuilt) + 512));
        Assert.That(Count(sanitized, "x"), Is.EqualTo(2_000));
    }

    [Test]
    public void Sanitize_MoreTagsThanAnArticleHas_FirstOnesKeptTextKept()
    {
        // 180,000 paragraphs (540 kB), each an element the HTML parser builds two or three times: 13 seconds.
        var html = Repeat("<p>x", 180_000);

        var sanitized = HtmlSanitizer.Sanitize(html, null);

        Assert.That(Count(sanitized, "<p>"), Is.EqualTo(HtmlNesting.MaxTags));
        Assert.That(Count(sanitized, "x"), Is.EqualTo(180_000));
    }

    [Test]
    public void Limit_ArticleAsPeopleWriteIt_Unchanged()
    {
        var html = new StringBuilder("<h1>Report</h1><!-- a comment with <b> inside --><script>if (a < b) { x = '<div>'; }</script>");
        for (var i = 0; i < 400; i++)
        {
            html.Append(Heading(i)).Append("<p>Paragraph ").Append(i).Append(" with <b>bold <i>and italic</i></b> and <a href=\"https://example.org/").Append(i)
                .Append("\">a link</a><br><img src=\"x.png\" alt='a > b'>");
        }

        html.Append("<ul>").Append(Repeat("<li>item", 300)).Append("</ul><table>").Append(Repeat("<tr><td>a<td>b", 300)).Append("</table>");
        html.Append("<dl>").Append(Repeat("<dt>term<dd>definition", 100)).Append("</dl><select>").Append(Repeat("<option>o", 100)).Append("</select>");
        html.Append(Repeat("<div><section><blockquote><p><em>quoted</em></p></blockquote></section></div>", 100));
        html.Append("<svg>").Append(Repeat("<path d='M0 0'/>", 400)).Append("</svg><font face=a><font size=2><font color=red>old</font></font></font>");
        var text = html.ToString();

        var limited = HtmlNesting.Limit(text);

        var differsAt = limited.AsSpan().CommonPrefixLength(text);
        Assert.That(ReferenceEquals(limited, text), Is.True, () => $"changed at {differsAt}: {text.Substring(differsAt, Math.Min(80, text.Length - differsAt))}");
    }

    [Test]
    public void Sanitize_SrcSetOfManyCandidates_KeepsTheFirst()
    {
        // Every candidate was resolved to an absolute address: a 3 MB srcset allocated a gigabyte.
        var html = "<img src=\"a.png\" srcset=\"" + Repeat("a.jpg 1x, ", 10_000) + "\">";

        var sanitized = HtmlSanitizer.Sanitize(html, new Uri("https://example.org/"));

        Assert.That(SrcSetCandidates().Matches(sanitized), Has.Count.EqualTo(64));
    }

    private static (ParsedFeed Feed, long Allocated) ParseMeasured(byte[] bytes)
    {
        // Once before measuring: the first document on a thread pays for per-thread caches.
        FeedParser.Parse(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var feed = FeedNormaliser.Normalise(FeedParser.Parse(bytes), null);
        return (feed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The issue's own example of a generous bound, for documents that do not reach the HTML parser.</summary>
    private static long Budget(byte[] bytes) => (64L * bytes.Length) + (16 * 1024 * 1024);

    private static string Heading(int i) => i % 50 == 0 ? $"<h2>Part {i / 50}</h2>" : "";

    private static string Attributes(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $" a{i}=\"v\""));

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    [GeneratedRegex(@"https://example\.org/a\.jpg 1x")]
    private static partial Regex SrcSetCandidates();
}
