using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Sources;
using FeedAggregator.Topics;

namespace FeedAggregator.Benchmarks.Topics;

/// <summary>
/// News items for the topic benchmarks: the English and Russian items of the labelled sets (title and lead), each given
/// a body of three leads in HTML as <c>content:encoded</c>, written into one RSS document and parsed, so that
/// normalisation and matching see what ingest sees. Also the 100 topics of <c>topics-100.json</c> and the shipped topic.
/// </summary>
internal static class TopicCorpus
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Topics");

    public static readonly string[] LabelledSets =
    [
        "human-trafficking.labelled.json", "human-trafficking.holdout.json", "human-trafficking.blind.json",
    ];

    /// <summary>The sets <c>topic-eval</c> reads by default: the corpus's three, and one kept unseen while the rule was written.</summary>
    public static readonly string[] EvaluationSets = [.. LabelledSets, "human-trafficking.final.json"];

    public sealed record Labelled(string Id, string Lang, bool Relevant, string Kind, string Title, string Summary);

    public static IReadOnlyList<Labelled> Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Deserialize<Labelled>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];
    }

    public static IReadOnlyList<Topic> HundredTopics() => TopicsFile.Load(Path.Combine(Folder, "topics-100.json"), "topics-100.json");

    /// <summary>The parsed feed and its items, ready for <see cref="ItemNormaliser"/>.</summary>
    public static ParsedFeed Feed()
    {
        var items = LabelledSets.SelectMany(name => Read(Path.Combine(Folder, name))).ToList();
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
            <title>News</title><link>https://news.example.org/</link><description>Mixed news</description>

            """);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var body = string.Concat(Enumerable.Range(0, 3).Select(k => $"<p>{WebUtility.HtmlEncode(items[(i + (k * 37)) % items.Count].Summary)}</p>"));
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>{WebUtility.HtmlEncode(item.Title)}</title><link>https://news.example.org/{item.Id}</link>
                <guid isPermaLink="false">{item.Id}</guid><language>{item.Lang}</language>
                <description>{WebUtility.HtmlEncode("<p>" + WebUtility.HtmlEncode(item.Summary) + "</p>")}</description>
                <content:encoded><![CDATA[{body}]]></content:encoded><category>News</category></item>

                """);
        }

        xml.Append("</channel></rss>\n");
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(xml.ToString()), new Uri("https://news.example.org/rss"));
        FeedNormaliser.Normalise(feed, new Uri("https://news.example.org/rss"));
        return feed;
    }

    public static readonly FeedSource Source =
        new("news", new Uri("https://news.example.org/rss"), "News", null, TimeSpan.FromMinutes(15), null, ["international"], true, false);
}
