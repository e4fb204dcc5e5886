using FeedAggregator.Configuration;
using FeedAggregator.Tests.Support;
using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

public sealed class TopicsFileTests
{
    [Test]
    public void Load_ShippedTopics_HasHumanTrafficking()
    {
        var topics = TopicsFile.Load(Path.Combine(Repository.Root, "config", "topics.json"), "config/topics.json");

        Assert.That(topics.Select(t => t.Id), Does.Contain("human-trafficking"));
    }

    [Test]
    public void Load_QueryThatDoesNotCompile_NamesTopicColumnAndReason()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("topics.json", """
            { "topics": [
              { "id": "ok", "query": "a OR b" },
              { "id": "x", "query": "a OR \"broken" },
              { "id": "ok", "query": "c" }
            ] }
            """);

        var error = Assert.Throws<ConfigException>(() => TopicsFile.Load(path, "topics.json"))!;

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EquivalentTo(new[]
        {
            // The position is the query's own sixth character in the file: the escaped quote, backslash first.
            "topics.json:3:31: topic 'x': query col 6: unmatched '\"'",
            "topics.json:4:11: topic 'ok': id is used by another topic; ids must be unique",
        }));
    }
}
