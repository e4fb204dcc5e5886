using System.Text.Json;
using FeedAggregator.Tests.Support;
using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

/// <summary>
/// The shipped human-trafficking topic against a labelled set of English and Russian news (title and summary), with
/// hard negatives: drug and arms trafficking, traffic, trade, the history of slavery, migration, kidnapping, missing persons.
/// </summary>
public sealed class HumanTraffickingTopicTests
{
    private sealed record Labelled(string Id, string Lang, bool Relevant, string Kind, string Title, string Summary);

    private static readonly Lazy<IReadOnlyList<Labelled>> Set = new(() =>
    {
        using var file = File.OpenRead(Path.Combine(Repository.Root, "tests", "FeedAggregator.Tests", "Topics", "Fixtures", "human-trafficking.labelled.json"));
        using var json = JsonDocument.Parse(file);
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Deserialize<Labelled>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];
    });

    private static readonly Lazy<TopicMatcher> Matcher = new(() =>
    {
        var topics = TopicsFile.Load(Path.Combine(Repository.Root, "config", "topics.json"), "config/topics.json");
        return new TopicMatcher([topics.Single(t => t.Id == "human-trafficking")]);
    });

    [Test]
    public void LabelledSet_HasBothLanguagesHalfPositive()
    {
        foreach (var language in new[] { "en", "ru" })
        {
            var items = Set.Value.Where(i => i.Lang == language).ToList();
            Assert.That(items, Has.Count.GreaterThanOrEqualTo(40), language);
            Assert.That(items.Count(i => i.Relevant), Is.InRange(items.Count * 0.4, items.Count * 0.6), language);
            Assert.That(items.Count(i => i.Kind.StartsWith("hard negative", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(10), language);
        }
    }

    [TestCase("en")]
    [TestCase("ru")]
    public void ShippedTopic_PrecisionAtLeast95_RecallAtLeast90(string language)
    {
        var items = Set.Value.Where(i => i.Lang == language).ToList();
        var judged = items.Select(i => (Item: i, Matched: Matcher.Value.Match(MatchInput.Of(i.Title, i.Summary, i.Lang), explain: false).Count > 0)).ToList();
        var truePositives = judged.Count(j => j.Matched && j.Item.Relevant);
        var precision = (double)truePositives / Math.Max(1, judged.Count(j => j.Matched));
        var recall = (double)truePositives / judged.Count(j => j.Item.Relevant);
        var wrong = judged.Where(j => j.Matched != j.Item.Relevant)
            .Select(j => $"{(j.Matched ? "false positive" : "missed")} {j.Item.Id} ({j.Item.Kind}): {j.Item.Title}");
        var report = $"{language}: precision {precision:0.000}, recall {recall:0.000}\n" + string.Join('\n', wrong);
        TestContext.Out.WriteLine(report);

        Assert.That(precision, Is.GreaterThanOrEqualTo(0.95), report);
        Assert.That(recall, Is.GreaterThanOrEqualTo(0.90), report);
    }
}
