using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.EndToEnd;

/// <summary>Topics edited while the real host runs: applied without a restart, stored items evaluated again, broken edits refused.</summary>
public sealed class TopicReloadTests
{
    private static async Task<List<string>> TitlesAsync(ServiceUnderTest service, string topic)
    {
        var response = await service.Http.GetAsync($"/topics/{topic}.rss");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        return [.. XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants("item").Select(i => (string)i.Element("title")!)];
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    [Test]
    public async Task EditedTopics_AreAppliedAndStoredItemsReevaluated_BrokenEditIsRefused()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);
        await using var service = await ServiceUnderTest.StartAsync(folder);
        await service.WaitForPollsAsync("fixture-rss", "fixture-atom");
        var before = await TitlesAsync(service, "human-trafficking");

        // A new topic joins; the shipped one narrows to titles: items that stop matching leave its feed. The fixtures'
        // items are from 2024, so the windows reach back that far.
        folder.Write("topics.json", """
            { "topics": [
              { "id": "human-trafficking", "query": "title:\"торговл* людьми\"", "window": "3650d" },
              { "id": "courts", "query": "title:(court* OR суд*)", "window": "3650d" }
            ] }
            """);
        var courts = await EventuallyAsync(() => TitlesAsync(service, "courts"), t => t.Count > 0, "the new topic to fill");
        var narrowed = await EventuallyAsync(() => TitlesAsync(service, "human-trafficking"), t => t.Count < before.Count, "the edited topic to narrow");

        Assert.That(courts, Does.Contain("Court jails human trafficking ring"));
        Assert.That(narrowed, Is.EquivalentTo(new[] { "Торговля людьми: задержаны организаторы преступной группы", "ТОРГОВЛЯ ЛЮДЬМИ в регионе" }));

        // An edit that does not compile is refused whole; the topics in force stay and /health says why.
        folder.Write("topics.json", """
            { "topics": [ { "id": "courts", "query": "title:(court* OR суд*" } ] }
            """);
        var health = await EventuallyAsync(() => service.Http.GetFromJsonAsync<JsonElement>("/health"),
            h => h.GetProperty("topics").GetProperty("rejectedEdit").GetArrayLength() > 0, "the broken edit to be refused");

        Assert.That(health.GetProperty("topics").GetProperty("rejectedEdit")[0].GetString(),
            Does.EndWith("topic 'courts': query col 7: unmatched '('"));
        Assert.That(health.GetProperty("topics").GetProperty("inForce").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "human-trafficking", "courts" }));
        Assert.That(await TitlesAsync(service, "human-trafficking"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ItemApi_ShowsWhyEachItemIsInItsTopics()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        PipelineTests.WriteConfig(folder, publisher);
        await using var service = await ServiceUnderTest.StartAsync(folder);
        await service.WaitForPollsAsync("fixture-rss", "fixture-atom");
        var feed = XDocument.Parse(await service.Http.GetStringAsync("/topics/human-trafficking.rss"));
        var uid = feed.Descendants("item").Single(i => (string)i.Element("title")! == "Court jails human trafficking ring").Element("guid")!.Value;

        var item = await service.Http.GetFromJsonAsync<JsonElement>($"/api/items/{uid}");
        var missing = await service.Http.GetAsync("/api/items/no-such-item");

        var match = item.GetProperty("topics").EnumerateArray().Single();
        Assert.That(match.GetProperty("topic").GetString(), Is.EqualTo("human-trafficking"));
        var explanation = match.GetProperty("explanation");
        Assert.That(explanation.GetProperty("rule").GetString(), Is.EqualTo("query"));
        Assert.That(explanation.GetProperty("clause").GetString(), Is.EqualTo("\"human trafficking\""));
        var term = explanation.GetProperty("terms")[0];
        Assert.That(term.GetProperty("words")[0].GetString(), Is.EqualTo("human trafficking"));
        Assert.That(term.GetProperty("fields")[0].GetString(), Is.EqualTo("title"));
        Assert.That(item.GetProperty("item").GetProperty("title").GetProperty("value").GetString(), Is.EqualTo("Court jails human trafficking ring"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
