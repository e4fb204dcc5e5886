using System.Globalization;
using System.Text;

namespace FeedAggregator.Benchmarks;

/// <summary>Feeds shaped like real news feeds: titles of a line, summaries of a paragraph with a little markup.</summary>
internal static class NewsFeeds
{
    public static byte[] Rss(int items)
    {
        var xml = new StringBuilder();
        xml.Append("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel>
            <title>Regional news</title><link>https://news.example.org/</link><description>News from the region</description>
            <language>en</language><lastBuildDate>Mon, 27 May 2024 12:00:00 +0300</lastBuildDate>
            <atom:link rel="self" type="application/rss+xml" href="https://news.example.org/rss"/>

            """);
        var start = new DateTimeOffset(2024, 5, 27, 12, 0, 0, TimeSpan.FromHours(3));
        for (var i = 0; i < items; i++)
        {
            var date = start.AddMinutes(-17 * i).ToString("ddd, dd MMM yyyy HH:mm:ss +0300", CultureInfo.InvariantCulture);
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item>
                <title>Round table in city {i} discusses shelters for victims of human trafficking</title>
                <link>https://news.example.org/{2024}/{i}/round-table-shelters-victims</link>
                <guid isPermaLink="false">news-example-{i:D6}</guid>
                <pubDate>{date}</pubDate>
                <dc:creator>Elena Olenina</dc:creator>
                <category>Society</category>
                <description><![CDATA[<p>Officials from the interior ministry, the migration service and the ombudsman's office met representatives of public organisations to discuss the rehabilitation and reintegration of victims of trafficking in persons.</p><p>"One of the main problems is that we receive no data about victims from law enforcement," one of the organisers said. <a href="https://news.example.org/{i}">Read more</a></p>]]></description>
                </item>

                """);
        }

        xml.Append("</channel></rss>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}
