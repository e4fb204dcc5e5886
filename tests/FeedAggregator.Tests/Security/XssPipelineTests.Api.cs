using System.Text;
using System.Text.Json;

namespace FeedAggregator.Tests.Security;

/// <summary>The API, webhook payloads and every other response, on the same hostile site as the feeds and the page.</summary>
public sealed partial class XssPipelineTests
{
    [Test]
    public async Task ApiItems_CarryTextAndWebLinksOnly_AsJsonThatIsNeverSniffed()
    {
        var report = new InertnessReport();
        foreach (var format in HostileSite.Formats)
        {
            var path = $"/api/items?topic={HostileFeeds.Tag(format)}&limit=500";
            var fetched = await site.GetAsync(path);
            CheckHeaders(report, fetched, "application/json; charset=utf-8");
            var items = fetched.Json().GetProperty("items").EnumerateArray().ToList();
            Assert.That(items, Has.Count.EqualTo(site.Corpus.Count), path);
            foreach (var item in items)
            {
                var id = item.GetProperty("id").GetString();
                if (item.GetProperty("link") is { ValueKind: JsonValueKind.String } link)
                {
                    report.Check(new PublishedField(path, id, "link", FieldKind.Url, link.GetString()!));
                }

                foreach (var name in new[] { "title", "summary" })
                {
                    report.Check(new PublishedField(path, id, name, FieldKind.Text, item.GetProperty(name).GetString()!));
                }
            }
        }

        report.AssertNone("/api/items");
    }

    [Test]
    public async Task ApiItem_HtmlFieldsAreInert_AndUrlsAreWebUrls_InJsonAndInABrowser()
    {
        var report = new InertnessReport();
        foreach (var format in HostileSite.Formats)
        {
            var fetched = new List<Fetched>();
            await Parallel.ForEachAsync(site.Corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (vector, _) =>
            {
                var response = await site.GetAsync($"/api/items/{site.Uid(format, vector.Number)}");
                lock (fetched)
                {
                    fetched.Add(response);
                }
            });

            var body = new StringBuilder();
            foreach (var response in fetched.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                CheckHeaders(report, response, "application/json; charset=utf-8");
                var json = response.Json();
                var uid = json.GetProperty("id").GetString()!;
                var fields = PublishedFields.FromApiItem(response.Path, uid, json.GetProperty("item"));
                if (json.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.String)
                {
                    fields.Add(new PublishedField(response.Path, uid, "link", FieldKind.Url, link.GetString()!));
                }

                foreach (var source in json.GetProperty("sources").EnumerateArray())
                {
                    if (source.TryGetProperty("link", out var sourceLink) && sourceLink.ValueKind == JsonValueKind.String)
                    {
                        fields.Add(new PublishedField(response.Path, uid, "sources/link", FieldKind.Url, sourceLink.GetString()!));
                    }
                }

                report.CheckAll(fields);
                AppendHtml(body, fields);
            }

            var result = await browser.RenderAsync(body.ToString(), site.Canary);
            Assert.That(result.IsInert, Is.True, $"{format}: {result}");
        }

        report.AssertNone("/api/items/{uid}");
        Assert.That(report.Count(FieldKind.Html), Is.GreaterThanOrEqualTo(site.Corpus.Count * 3 * 2));
        Assert.That(site.CanaryHits, Is.Empty);
    }

    [TestCase("/api/changes?after=0&limit=500", "application/json; charset=utf-8")]
    [TestCase("/health", "application/json; charset=utf-8")]
    [TestCase("/api/feeds", "application/json; charset=utf-8")]
    [TestCase("/api/topics", "application/json; charset=utf-8")]
    [TestCase("/openapi/v1.json", "application/json; charset=utf-8")]
    [TestCase("/topics.opml", "text/x-opml; charset=utf-8")]
    [TestCase("/api/items/no-such-item", "application/problem+json")]
    [TestCase("/nowhere", "application/problem+json")]
    public async Task EveryOtherResponse_IsServedWithItsTypeAndNosniff(string path, string contentType)
    {
        var fetched = await site.GetAsync(path);

        Assert.That(fetched.ContentType, Is.EqualTo(contentType), path);
        Assert.That(fetched.NoSniff, Is.EqualTo("nosniff"), path);
        Assert.That(fetched.ContentSecurityPolicy, Does.Contain("default-src 'none'"), path);
        if (contentType.Contains("json", StringComparison.Ordinal))
        {
            Assert.That(() => fetched.Json(), Throws.Nothing, path);
        }
    }

    [Test]
    public async Task Webhooks_CarryTextAndWebLinksOnly()
    {
        var expected = site.Corpus.Count * 3;
        var deliveries = await site.Receiver.WaitForAsync(d => d.Sum(x => Changes(x).Count()) >= expected, seconds: 60);
        var report = new InertnessReport();
        foreach (var delivery in deliveries)
        {
            Assert.That(delivery.ContentType, Does.StartWith("application/json"));
            foreach (var change in Changes(delivery))
            {
                var item = change.GetProperty("item");
                var uid = item.GetProperty("uid").GetString();
                if (item.GetProperty("link") is { ValueKind: JsonValueKind.String } link)
                {
                    report.Check(new PublishedField("webhook", uid, "link", FieldKind.Url, link.GetString()!));
                }

                report.Check(new PublishedField("webhook", uid, "title", FieldKind.Text, item.GetProperty("title").GetString()!));
            }
        }

        report.AssertNone("webhook payloads");
        Assert.That(report.Count(FieldKind.Text), Is.EqualTo(expected));
    }

    private static IEnumerable<JsonElement> Changes(Webhooks.WebhookReceiver.Delivery delivery) =>
        JsonDocument.Parse(delivery.Body).RootElement.GetProperty("changes").EnumerateArray();
}
