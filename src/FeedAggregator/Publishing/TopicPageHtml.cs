using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using static FeedAggregator.Api.HealthEndpoints;

namespace FeedAggregator.Publishing;

/// <summary>A topic on the page, with its newest items.</summary>
internal sealed record TopicSection(Topic Topic, IReadOnlyList<StoredItem> Items);

/// <summary>A configured feed on the page: the operator's title for it, and its health.</summary>
internal sealed record FeedRow(string? Title, FeedHealth Health);

/// <summary>
/// Renders the topic page as static HTML5: no script, every text encoded, and only http and https URLs ever made
/// into links, since item links come from other people's feeds.
/// </summary>
internal static class TopicPageHtml
{
    // Non-ASCII text (Cyrillic titles) is written as itself; markup-significant and invalid characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style = """
        body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}
        section.topic{border-top:1px solid #ccc;margin-top:1.5rem}
        .subscribe a{margin-right:.75rem}
        ol.items li{margin:.25rem 0}
        .meta{color:#555;font-size:.875rem}
        table{border-collapse:collapse;width:100%;font-size:.875rem}
        th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
        """;

    public static string Render(Uri baseUrl, IReadOnlyList<TopicSection> topics, IReadOnlyList<FeedRow> feeds)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>FeedAggregator: topic feeds</title>\n");
        foreach (var section in topics)
        {
            foreach (var format in TopicFeedFormats.All)
            {
                html.Append("<link rel=\"alternate\" type=\"").Append(format.MediaType())
                    .Append("\" title=\"").Text($"{section.Topic.Title} ({format.DisplayName()})")
                    .Append("\" href=\"").Text(TopicFeedBuilder.Url(baseUrl, section.Topic.Id, format)).Append("\">\n");
            }
        }

        html.Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<header>\n<h1>Topic feeds</h1>\n")
            .Append("<p>Subscribe to a topic in any feed reader, or import them all at once: <a href=\"")
            .Text(new Uri(baseUrl, "topics.opml").AbsoluteUri).Append("\">topics.opml</a>.</p>\n</header>\n<main>\n");
        foreach (var section in topics)
        {
            AppendTopic(html, baseUrl, section);
        }

        AppendFeeds(html, feeds);
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void AppendTopic(StringBuilder html, Uri baseUrl, TopicSection section)
    {
        var topic = section.Topic;
        html.Append("<section class=\"topic\" id=\"topic-").Text(topic.Id).Append("\">\n<h2>").Text(topic.Title).Append("</h2>\n");
        if (!string.IsNullOrEmpty(topic.Description))
        {
            html.Append("<p class=\"description\">").Text(topic.Description).Append("</p>\n");
        }

        if (topic.Languages.Count > 0)
        {
            html.Append("<p class=\"meta\">Languages: ").Text(string.Join(", ", topic.Languages)).Append("</p>\n");
        }

        html.Append("<p class=\"subscribe\">Subscribe:");
        foreach (var format in TopicFeedFormats.All)
        {
            html.Append(" <a href=\"").Text(TopicFeedBuilder.Url(baseUrl, topic.Id, format)).Append("\" type=\"")
                .Append(format.MediaType()).Append("\">").Text(format.DisplayName()).Append("</a>");
        }

        html.Append("</p>\n<h3>Newest items</h3>\n");
        if (section.Items.Count == 0)
        {
            html.Append("<p>No items yet.</p>\n</section>\n");
            return;
        }

        html.Append("<ol class=\"items\">\n");
        foreach (var item in section.Items)
        {
            html.Append("<li>");
            if (WebLinks.Http(item.Link) is { } link)
            {
                html.Append("<a class=\"title\" href=\"").Text(link).Append("\">").Text(item.Title).Append("</a>");
            }
            else
            {
                html.Append("<span class=\"title\">").Text(item.Title).Append("</span>");
            }

            html.Append(" <span class=\"meta\">").Time(item.Published ?? item.FirstSeen, "")
                .Append(" · ").Text(item.FeedTitle ?? item.FeedId).Append("</span></li>\n");
        }

        html.Append("</ol>\n</section>\n");
    }

    private static void AppendFeeds(StringBuilder html, IReadOnlyList<FeedRow> feeds)
    {
        html.Append("<section id=\"feeds\">\n<h2>Feeds</h2>\n<p>For operators: every configured feed and how its polling goes.</p>\n")
            .Append("<table>\n<thead><tr><th>Feed</th><th>State</th><th>Last success</th><th>Error class</th><th>Next poll</th></tr></thead>\n<tbody>\n");
        foreach (var (title, health) in feeds)
        {
            html.Append("<tr id=\"feed-").Text(health.Id).Append("\"><td>").Text(health.Id);
            if (!string.IsNullOrEmpty(title))
            {
                html.Append("<br><span class=\"meta\">").Text(title).Append("</span>");
            }

            html.Append("</td><td>").Text(health.State);
            if (health.Notice is not null)
            {
                html.Append("<br><span class=\"meta\">").Text(health.Notice).Append("</span>");
            }

            html.Append("</td><td>").Time(health.LastSuccessAt, "never")
                .Append("</td><td>").Text(health.LastErrorClass ?? "—")
                .Append("</td><td>").Time(health.NextPollAt, "—").Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }


    private static StringBuilder Text(this StringBuilder html, string? text) => html.Append(Encoder.Encode(text ?? ""));

    private static StringBuilder Time(this StringBuilder html, DateTimeOffset? value, string absent)
    {
        if (value is not { } time)
        {
            return html.Append(absent);
        }

        var text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return html.Append("<time datetime=\"").Append(text).Append("\">").Append(text).Append("</time>");
    }
}
