using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

public sealed class QueryParserTests
{
    [TestCase("(a OR b", 1, "unmatched '('")]
    [TestCase("human trafficking (a OR b", 19, "unmatched '('")]
    [TestCase("a OR b)", 7, "unmatched ')'")]
    [TestCase("\"торговля людьми", 1, "unmatched '\"'")]
    [TestCase("a OR", 3, "'OR' needs a term on each side")]
    [TestCase("OR a", 1, "'OR' needs a term on each side")]
    [TestCase("a AND", 3, "'AND' needs a term after it")]
    [TestCase("a AND OR b", 7, "'AND' needs a term after it, not 'OR'")]
    [TestCase("NOT", 1, "'NOT' needs a term after it")]
    [TestCase("()", 1, "empty parentheses")]
    [TestCase("tra*ffic", 4, "'tra*ffic': a wildcard '*' goes only at the end of a word")]
    [TestCase("t*", 1, "'t*': a prefix needs at least 2 letters before '*'")]
    [TestCase("a NEAR/x b", 3, "'NEAR/x': NEAR/ takes a number of words from 0 to 100, as in NEAR/3")]
    [TestCase("a NEAR/2 b NEAR/2 c", 12, "NEAR joins two terms; for three, write (a NEAR/2 b) AND (b NEAR/2 c)")]
    [TestCase("(a AND b) NEAR/2 c", 1, "NEAR/2 takes terms, phrases or a parenthesised OR of them on each side")]
    [TestCase("headline:x", 1, "unknown field 'headline:' (fields: title:, summary:, content:, category:, author:, feed:, lang:); quote the text to search for it")]
    [TestCase("lang: ru", 1, "lang: takes one value written right after it, as in lang:ru")]
    [TestCase("title: x", 1, "title: needs a term, phrase or (group) right after it")]
    [TestCase("— –", 1, "'—' has no letters or digits to search for")]
    [TestCase("   ", 1, "the query is empty")]
    public void Parse_Broken_NamesColumnAndReason(string query, int column, string reason)
    {
        var error = Assert.Throws<QueryException>(() => QueryParser.Parse(query))!;

        Assert.That((error.Column, error.Reason), Is.EqualTo((column, reason)));
        Assert.That(error.Message, Is.EqualTo($"col {column}: {reason}"));
    }

    [Test]
    public void Parse_Precedence_OrLoosestThenAndThenNot()
    {
        var node = QueryParser.Parse("a b OR NOT c AND d");

        var or = (OrNode)node;
        Assert.That(or.Parts, Has.Count.EqualTo(2));
        Assert.That(or.Parts[0], Is.TypeOf<AndNode>(), "adjacent terms are AND");
        var right = (AndNode)or.Parts[1];
        Assert.That(right.Parts[0], Is.TypeOf<NotNode>());
        Assert.That(right.Parts[1], Is.TypeOf<TermNode>());
    }

    [Test]
    public void Parse_FieldScopeOnGroup_AppliesToEveryTermInside()
    {
        var node = (OrNode)QueryParser.Parse("title:(a OR \"b c\")");

        Assert.That(node.Parts.Cast<TermNode>().Select(t => t.Fields), Is.All.EqualTo(TextFields.Title));
        Assert.That(((TermNode)node.Parts[1]).Words, Is.EqualTo(new[] { "b", "c" }));
    }

    [Test]
    public void Parse_TermsAreFoldedLikeItemText()
    {
        var term = (TermNode)QueryParser.Parse("\"ТОРГОВЛ* Людьми\"");

        Assert.That(term.Words, Is.EqualTo(new[] { "торговл", "людьми" }));
        Assert.That(term.Prefix, Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void Parse_LowerCaseOperatorWords_AreTerms()
    {
        var node = (AndNode)QueryParser.Parse("war and peace");

        Assert.That(node.Parts.Cast<TermNode>().Select(t => t.Words[0]), Is.EqualTo(new[] { "war", "and", "peace" }));
    }

    [Test]
    public void Parse_Near_DefaultDistanceAndGroups()
    {
        var near = (NearNode)QueryParser.Parse("(торговл* OR продаж*) NEAR люд*");

        Assert.That(near.Distance, Is.EqualTo(QueryLexer.DefaultNearDistance));
        Assert.That(near.Left, Has.Count.EqualTo(2));
        Assert.That(near.Right.Single().Prefix.Single(), Is.True);
    }
}
