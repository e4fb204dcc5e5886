using FeedAggregator.Normalising;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Normalising;

public sealed class PlainTextTests
{
    [TestCase("Plain  title\n here", "Plain title here")]
    [TestCase("<p>One</p><p>Two</p>", "One Two")]
    [TestCase("Tra<b>ff</b>icking", "Trafficking")]
    [TestCase("A &amp; B &mdash; C&nbsp;D", "A & B — C D")]
    [TestCase("<script>alert(1)</script>Safe<style>p{}</style> text", "Safe text")]
    [TestCase("Торговля <i>людьми</i>", "Торговля людьми")]
    [TestCase("", "")]
    public void From_Html_GivesFoldedText(string html, string expected) =>
        Assert.That(PlainText.From(html), Is.EqualTo(expected));
}

public sealed class ItemNormaliserTests
{
    private static readonly ParsedFeed Feed = new() { Format = FeedFormat.Rss20, Language = "en" };

    [Test]
    public void Normalise_WithGuid_UsesGuidAsIdentity()
    {
        var item = ItemNormaliser.Normalise(new ParsedItem { Id = " g-1 ", Title = new TextValue("T") }, Feed);

        Assert.That(item.Identity, Is.EqualTo("g-1"));
        Assert.That(item.Language, Is.EqualTo("en"));
    }

    [Test]
    public void Normalise_MissingGuid_UsesLinkHash()
    {
        var a = ItemNormaliser.Normalise(new ParsedItem { Link = "https://example.org/a", Title = new TextValue("T") }, Feed);
        var b = ItemNormaliser.Normalise(new ParsedItem { Link = "https://example.org/a", Title = new TextValue("Edited") }, Feed);

        Assert.That(a.Identity, Does.StartWith("link:"));
        Assert.That(b.Identity, Is.EqualTo(a.Identity), "an edited title keeps the identity");
        Assert.That(b.ContentHash, Is.Not.EqualTo(a.ContentHash), "but the content hash tells the edit");
    }

    [Test]
    public void Normalise_NoGuidNoLink_UsesTitleAndSummaryHash()
    {
        var item = ItemNormaliser.Normalise(new ParsedItem { Title = new TextValue("T"), Summary = new TextValue("S") }, Feed);

        Assert.That(item.Identity, Does.StartWith("text:"));
    }

    [Test]
    public void Normalise_HtmlSummary_BecomesPlainText()
    {
        var item = ItemNormaliser.Normalise(new ParsedItem
        {
            Id = "1",
            Title = new TextValue("A &amp; B", TextValue.Html),
            Summary = new TextValue("<p>Hello <script>x()</script><a href='#'>world</a></p>", TextValue.Html),
        }, Feed);

        Assert.That(item.Title, Is.EqualTo("A & B"));
        Assert.That(item.Summary, Is.EqualTo("Hello world"));
    }
}
