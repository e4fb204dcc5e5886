using System.Xml;
using BenchmarkDotNet.Attributes;
using FeedAggregator.Parsing;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// Our parse of a 50-item RSS 2.0 feed (bytes to <see cref="ParsedFeed"/>) against the floor: a raw XmlReader scan of the
/// same bytes that reads every text value and builds nothing. Target (issue 3): at most 1.3x the scan's time,
/// allocations at most 2.5x the payload.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] rss = [];

    [GlobalSetup]
    public void Setup() => rss = NewsFeeds.Rss(50);

    [Benchmark(Baseline = true)]
    public int RawXmlReaderScan()
    {
        using var stream = new MemoryStream(rss, writable: false);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreWhitespace = true,
            IgnoreComments = true,
        });
        var length = 0;
        while (reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                length += reader.Value.Length;
            }
        }

        return length;
    }

    [Benchmark]
    public int ParseRss() => FeedParser.Parse(rss).Items.Count;
}
