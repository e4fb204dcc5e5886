using System.Globalization;
using System.Text;

namespace FeedAggregator.Benchmarks;

/// <summary>Feeds shaped like real news feeds: titles of a line, summaries of a paragraph with a little markup.</summary>
internal static class NewsFeeds
{
    public static byte[] Rss(int items, bool markup = true)
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
                <description>{(markup ? MarkedUpSummary(i) : PlainSummary)}</description>
                </item>

                """);
        }

        xml.Append("</channel></rss>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    private const string PlainSummary =
        "Officials from the interior ministry, the migration service and the ombudsman's office met representatives of public "
        + "organisations to discuss the rehabilitation and reintegration of victims of trafficking in persons. One of the main "
        + "problems is that we receive no data about victims from law enforcement, one of the organisers said.";

    private static string MarkedUpSummary(int i) =>
        "<![CDATA[<p>Officials from the interior ministry, the migration service and the ombudsman's office met representatives "
        + "of public organisations to discuss the rehabilitation and reintegration of victims of trafficking in persons.</p>"
        + "<p>\"One of the main problems is that we receive no data about victims from law enforcement,\" one of the organisers "
        + $"said. <a href=\"/{i}\">Read more</a></p>]]>";

    public static byte[] Atom(int entries)
    {
        var xml = new StringBuilder();
        xml.Append("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
            <title>Regional news</title><id>tag:news.example.org,2024:feed</id><updated>2024-05-27T12:00:00+03:00</updated>
            <link rel="alternate" href="https://news.example.org/"/><link rel="self" href="https://news.example.org/atom"/>
            <author><name>Newsroom</name></author>

            """);
        var start = new DateTimeOffset(2024, 5, 27, 12, 0, 0, TimeSpan.FromHours(3));
        for (var i = 0; i < entries; i++)
        {
            var date = start.AddMinutes(-17 * i).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            xml.Append(CultureInfo.InvariantCulture, $"""
                <entry>
                <title>Round table in city {i} discusses shelters for victims of human trafficking</title>
                <link rel="alternate" type="text/html" href="https://news.example.org/2024/{i}/round-table-shelters-victims"/>
                <id>tag:news.example.org,2024:{i:D6}</id>
                <published>{date}</published><updated>{date}</updated>
                <author><name>Elena Olenina</name></author>
                <category term="society" label="Society"/>
                <summary type="html">&lt;p&gt;Officials from the interior ministry, the migration service and the ombudsman's office met representatives of public organisations to discuss the rehabilitation and reintegration of victims of trafficking in persons.&lt;/p&gt;&lt;p&gt;"One of the main problems is that we receive no data about victims from law enforcement," one of the organisers said. &lt;a href="https://news.example.org/{i}"&gt;Read more&lt;/a&gt;&lt;/p&gt;</summary>
                </entry>

                """);
        }

        xml.Append("</feed>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}
