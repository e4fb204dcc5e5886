using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Tests.Reliability;
using FeedAggregator.Tests.Security;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Normalising;

/// <summary>
/// <see cref="PlainText.From"/> reads markup in the sanitiser's simple shape in one pass instead of through the parser's
/// tree. Wherever that pass accepts a text, it must give exactly what the tree gives: checked here on every HTML text of
/// the fixtures, of the XSS corpus and of fuzzed feeds, each as the feed gave it and as the sanitiser wrote it.
/// </summary>
public sealed class PlainTextScanTests
{
    private const ulong FuzzSeed = 77_001;
    private const int FuzzCases = 1_500;

    [Test]
    public void Scan_WhereverItAccepts_GivesWhatTheTreeGives()
    {
        var fixtures = FuzzFixture.Load(Path.Combine(Repository.Root, "tests", "FeedAggregator.Tests", "Fixtures"));
        var raw = new List<string>();
        var sanitised = new List<string>();
        foreach (var fixture in fixtures)
        {
            Collect(fixture.Bytes, null, new Uri("https://news.example/feed"), raw, sanitised);
        }

        var fixtureSanitised = sanitised.Count;
        var mutator = new FuzzMutator(fixtures);
        for (var index = 0; index < FuzzCases; index++)
        {
            var fuzzed = mutator.Generate(FuzzSeed, index);
            Collect(fuzzed.Bytes, fuzzed.ContentType, fuzzed.DocumentUri, raw, sanitised);
        }

        foreach (var vector in XssCorpus.All)
        {
            foreach (var html in (string[])[vector.Text, $"<p>Before {vector.Text} after</p>", $"<b>x</b>{vector.Text}<i>y</i>"])
            {
                raw.Add(html);
                sanitised.Add(HtmlSanitizer.Sanitize(html, new Uri("https://news.example/")));
            }
        }

        var (rawScanned, rawDiffer) = Compare(raw);
        var (sanitisedScanned, sanitisedDiffer) = Compare(sanitised);
        var fixtureScanned = sanitised.Take(fixtureSanitised).Count(html => PlainText.FromScan(html) is not null || !html.Contains('<', StringComparison.Ordinal));
        TestContext.Out.WriteLine($"raw: {rawScanned:N0} of {raw.Count:N0} scanned; sanitised: {sanitisedScanned:N0} of {sanitised.Count:N0}; fixtures' sanitised: {fixtureScanned} of {fixtureSanitised}");
        Assert.Multiple(() =>
        {
            Assert.That(rawDiffer, Is.Empty, "texts as the feeds gave them");
            Assert.That(sanitisedDiffer, Is.Empty, "texts as the sanitiser wrote them");
            Assert.That(fixtureScanned, Is.GreaterThan(fixtureSanitised * 9 / 10), "the one pass serves nearly all sanitised content");
            Assert.That(sanitisedScanned, Is.GreaterThan(1_000));
        });
    }

    [TestCase("<p>One</p><p>Two</p>", "One Two")]
    [TestCase("Tra<b>ff</b>icking", "Trafficking")]
    [TestCase("<p>A&nbsp;&amp;&nbsp;B</p><br><ul><li>x</li><li>y</li></ul>", "A & B x y")]
    [TestCase("<a href=\"https://x.example/?a=1&amp;b=&quot;2&quot;\" rel=\"nofollow noopener noreferrer\">link</a>text", "linktext")]
    [TestCase("<img src=\"https://x.example/a.png\" alt=\"not text\">caption", "caption")]
    public void Scan_SanitiserShape_IsRead(string html, string expected)
    {
        Assert.That(PlainText.FromScan(html), Is.EqualTo(expected));
        Assert.That(PlainText.FromTree(html), Is.EqualTo(expected));
    }

    [TestCase("a < b")]
    [TestCase("<!-- note -->x")]
    [TestCase("<script>x</script>")]
    [TestCase("<table>stray<tr><td>x</td></tr></table>")]
    [TestCase("<td>x</td>y")]
    [TestCase("<p class='x'>y</p>")]
    [TestCase("<br/>")]
    [TestCase("<P>upper</P>")]
    [TestCase("&mdash;<b>x</b>")]
    [TestCase("x\0<b>y</b>")]
    [TestCase("<b")]
    public void Scan_AnythingElse_IsLeftToTheTree(string html) =>
        Assert.That(PlainText.FromScan(html), Is.Null);

    private static void Collect(byte[] bytes, string? contentType, Uri? documentUri, List<string> raw, List<string> sanitised)
    {
        var parsed = FeedParser.Parse(bytes, new FeedParseOptions(documentUri, contentType));
        if (!parsed.IsFeed)
        {
            return;
        }

        raw.AddRange(Markup(parsed));
        FeedNormaliser.Normalise(parsed, documentUri);
        sanitised.AddRange(Markup(parsed));
    }

    private static IEnumerable<string> Markup(ParsedFeed parsed)
    {
        foreach (var item in parsed.Items)
        {
            foreach (var text in (TextConstruct?[])[item.Title, item.Summary, .. item.Content])
            {
                if (text is not null && text.Type is TextValue.Html or TextValue.Xhtml && text.Value.Length < 200_000)
                {
                    yield return text.Value;
                }
            }
        }
    }

    private static (int Scanned, List<string> Differ) Compare(List<string> texts)
    {
        var scanned = 0;
        var differ = new List<string>();
        foreach (var html in texts)
        {
            if (PlainText.FromScan(html) is not { } scan)
            {
                continue;
            }

            scanned++;
            var tree = PlainText.FromTree(html);
            if (!string.Equals(scan, tree, StringComparison.Ordinal))
            {
                differ.Add($"{Shorten(html)}\n  scan: {Shorten(scan)}\n  tree: {Shorten(tree)}");
            }
        }

        return (scanned, differ);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
