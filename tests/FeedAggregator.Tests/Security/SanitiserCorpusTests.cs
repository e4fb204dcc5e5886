using FeedAggregator.Normalising;

namespace FeedAggregator.Tests.Security;

/// <summary>
/// The sanitiser on its own over the whole corpus, in the two contexts the pipeline uses it: with a feed's base when
/// an item is normalised, and with none when a topic feed is written. (Deep nesting and other costly shapes are the
/// fuzz tests', Reliability/FuzzRegressionTests.)
/// </summary>
public sealed class SanitiserCorpusTests
{
    private static readonly Uri Base = new("https://news.example.org/2024/05/item.html");

    [Test]
    public void Sanitize_EveryVector_IsInertAndStable_WithAndWithoutABase()
    {
        var problems = new List<string>();
        foreach (var vector in XssCorpus.All)
        {
            foreach (var baseUri in new[] { Base, null })
            {
                var once = HtmlSanitizer.Sanitize(vector.Text, baseUri);
                problems.AddRange(InertHtml.Check(once).Select(p => $"{vector} {baseUri}: {p}\n    {once}"));
                if (HtmlSanitizer.Sanitize(once, baseUri) != once)
                {
                    problems.Add($"{vector} {baseUri}: sanitising twice changes the output\n    {once}");
                }
            }
        }

        Assert.That(problems, Is.Empty, string.Join("\n", problems.Take(40)));
    }
}
