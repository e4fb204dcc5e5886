using BenchmarkDotNet.Attributes;
using FeedAggregator.Normalising;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// HTML sanitising and plain-text extraction on news-sized summaries: one with the markup feeds usually carry
/// (paragraphs, a relative link, an image, an entity), one without any. Target: normalisation as a whole at 20,000
/// items per second on one core, so a marked-up Sanitize well under 40 µs; text without markup should cost next to nothing.
/// </summary>
[MemoryDiagnoser]
public class SanitiseBenchmarks
{
    private const string MarkedUp =
        "<p>Officials from the interior ministry, the migration service &amp; the ombudsman's office met representatives of "
        + "public organisations in Bishkek to discuss the rehabilitation and reintegration of victims of trafficking in persons.</p>\n"
        + "<p><img src=\"/images/2024/05/round-table.jpg\" alt=\"Round table participants\" width=\"640\" height=\"360\"></p>\n"
        + "<p>\"One of the main problems is that we receive no data about victims from law enforcement,\" one of the organisers "
        + "said. Shelters in three regions will get <b>new funding</b> next year.</p>\n"
        + "<p><a href=\"/2024/05/27/round-table-shelters\">Read more</a></p>";

    private const string Plain =
        "Officials from the interior ministry, the migration service and the ombudsman's office met representatives of public "
        + "organisations in Bishkek to discuss the rehabilitation and reintegration of victims of trafficking in persons. One of "
        + "the main problems is that we receive no data about victims from law enforcement, one of the organisers said. Shelters "
        + "in three regions will get new funding next year, and the round table agreed to meet again in the autumn.";

    private static readonly Uri BaseUri = new("https://news.example.org/rss");

    [Benchmark(Baseline = true)]
    public string SanitizeMarkedUp() => HtmlSanitizer.Sanitize(MarkedUp, BaseUri);

    [Benchmark]
    public string SanitizePlain() => HtmlSanitizer.Sanitize(Plain, BaseUri);

    [Benchmark]
    public string PlainTextMarkedUp() => PlainText.From(MarkedUp);

    [Benchmark]
    public string PlainTextPlain() => PlainText.From(Plain);
}
