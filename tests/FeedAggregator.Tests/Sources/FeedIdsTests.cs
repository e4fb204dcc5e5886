using FeedAggregator.Sources;

namespace FeedAggregator.Tests.Sources;

public sealed class FeedIdsTests
{
    [TestCase("https://news.un.org/feed/rss.xml", "UN News", "news-un")]
    [TestCase("https://www.kavkaz-uzel.eu/rss", "Кавказский узел", "kavkaz-uzel-kavkazskiy")]
    [TestCase("https://example.org/feed", "Café Économie: l'été!", "example-cafe-economie-l-ete")]
    [TestCase("http://127.0.0.1:5000/rss", "Test", "127-0-0-1-test")]
    [TestCase("https://example.org/", null, "example")]
    [TestCase("https://example.org/", "这是中文", "example")]
    [TestCase("https://a-very-long-host-name-for-a-news-site.example/", "A very long title that goes on and on", "a-very-long-host-name-for-news-site-title-that")]
    public void FromHostAndTitle_GivesALowercaseSlug(string url, string? title, string expected)
    {
        var id = FeedIds.FromHostAndTitle(new Uri(url), title);

        Assert.That(id, Is.EqualTo(expected));
        Assert.That(FeedsFile.Slug().IsMatch(id), Is.True);
        Assert.That(id, Has.Length.LessThanOrEqualTo(48));
    }

    [TestCase("Новости ООН", "novosti-oon")]
    [TestCase("  ", "example")]
    [TestCase("!!!", "example")]
    public void FromTitle_FallsBackToTheSite(string title, string expected) =>
        Assert.That(FeedIds.FromTitle(title, new Uri("https://www.example.org/rss")), Is.EqualTo(expected));

    [Test]
    public void Unique_AddsTheFirstFreeNumber() =>
        Assert.That(FeedIds.Unique("news", new HashSet<string> { "news", "news-2" }.Contains), Is.EqualTo("news-3"));
}
