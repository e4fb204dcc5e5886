using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

public sealed class KeywordQueryTests
{
    private const string Query = "\"human trafficking\" OR \"торговл* людьми\" OR работорговл* OR \"forced labour\"";

    [TestCase("Court jails HUMAN TRAFFICKING ring", true)]
    [TestCase("Human-trafficking network dismantled", true)]
    [TestCase("Торговля людьми: задержаны организаторы", true)]
    [TestCase("ТОРГОВЛЯ ЛЮДЬМИ в регионе", true)]
    [TestCase("о противодействии торговле людьми", true)]
    [TestCase("борьба с работорговлей", true)]
    [TestCase("Forced labour in brick factories", true)]
    [TestCase("Drug trafficking suspects detained", false)]
    [TestCase("Торговля оружием и торговый центр", false)]
    [TestCase("Human rights defenders on a missing person", false)]
    [TestCase("trafficking of humans", false)]
    public void Matches_Table(string text, bool expected)
    {
        var query = KeywordQuery.Compile(Query);

        Assert.That(query.Matches(TextTokens.Split(text)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_AdjacentTermsWithinAnAlternative_AllRequired()
    {
        var query = KeywordQuery.Compile("slavery victims");

        Assert.That(query.Matches(TextTokens.Split("victims of slavery")), Is.True);
        Assert.That(query.Matches(TextTokens.Split("slavery museum")), Is.False);
    }

    [Test]
    public void Matches_YoIsReadAsYe() =>
        Assert.That(KeywordQuery.Compile("\"Горбачёв\"").Matches(TextTokens.Split("Горбачев-Фонд")), Is.True);

    [TestCase("\"open phrase", "col 1: unmatched '\"'")]
    [TestCase("a OR OR b", "col 6: 'OR' needs a term on each side")]
    [TestCase("a OR", "col 5: 'OR' needs a term on each side")]
    [TestCase("a OR ***", "col 6: '***' has no letters or digits")]
    public void Compile_Invalid_NamesColumnAndReason(string query, string message)
    {
        var error = Assert.Throws<FormatException>(() => KeywordQuery.Compile(query));

        Assert.That(error!.Message, Is.EqualTo(message));
    }
}
