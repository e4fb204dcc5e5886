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
