using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

public sealed class TextFoldingTests
{
    [TestCase("Торговля ЛЮДЬМИ", "торговля людьми")]
    [TestCase("Ёлка, ёжик", "елка ежик")]
    [TestCase("Café Noël", "cafe noel")]
    [TestCase("STRASSE Straße", "strasse strasse")]
    [TestCase("ＦＵＬＬＷＩＤＴＨ", "fullwidth")]
    [TestCase("ﬁnance", "finance")]
    [TestCase("ΟΔΥΣΣΕΥΣ", "οδυσσευσ")]
    [TestCase("İstanbul", "istanbul")]
    [TestCase("Мой край, мои люди", "мой край мои люди")]
    [TestCase("Zoë's don’t", "zoe's don't")]
    [TestCase("e-mail", "e mail")]
    [TestCase("3.5 million, 1,000", "3.5 million 1,000")]
    [TestCase("victims.The round table", "victims the round table")]
    [TestCase("COVID-19 COVID19", "covid 19 covid19")]
    [TestCase("  «кавычки» — тире ", "кавычки тире")]
    [TestCase("東京 news", "東 京 news")]
    [TestCase("", "")]
    public void Split_FoldsAndSplitsOnWordBoundaries(string text, string expected) =>
        Assert.That(string.Join(' ', FoldedWords.Split(text)), Is.EqualTo(expected));

    [Test]
    public void Split_DecomposedInput_ComposesBeforeFolding()
    {
        // "й" and "ё" written as a base letter and a combining mark, as some CMSs emit them.
        var decomposed = "и\u0306 е\u0308 e\u0301";

        Assert.That(string.Join(' ', FoldedWords.Split(decomposed)), Is.EqualTo("й е e"));
    }

    [Test]
    public void Read_KeepsSourceRangesForHighlighting()
    {
        var words = new FoldedWords().Read("Round table: «Торговля людьми»");

        var (start, length) = words.SourceRange(2);

        Assert.That(words.Source.Substring(start, length), Is.EqualTo("Торговля"));
        Assert.That(words.Word(2), Is.EqualTo("торговля"));
    }
}
