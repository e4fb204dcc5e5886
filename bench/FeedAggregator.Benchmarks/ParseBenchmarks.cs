using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FeedAggregator.Parsing;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// Our parse (bytes to <see cref="ParsedFeed"/>) of a 50-item RSS 2.0 feed and a 50-entry Atom feed, each against the
/// floor for any parser on XmlReader: a raw scan of the same bytes with the same safe settings that reads every text and
/// attribute value and builds nothing. Targets (issue 3): parse at most 1.3x the scan's time; allocations at most
/// 2.5x the payload (payload sizes: <c>-- sizes</c>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ParseBenchmarks
{
    private byte[] rss = [];
    private byte[] atom = [];

    [GlobalSetup]
    public void Setup()
    {
        rss = NewsFeeds.Rss(50);
        atom = NewsFeeds.Atom(50);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("rss")]
    public int RawScanRss() => Scan(rss);

    [Benchmark, BenchmarkCategory("rss")]
    public int ParseRss() => FeedParser.Parse(rss).Items.Count;

    [Benchmark(Baseline = true), BenchmarkCategory("atom")]
    public int RawScanAtom() => Scan(atom);

    [Benchmark, BenchmarkCategory("atom")]
    public int ParseAtom() => FeedParser.Parse(atom).Items.Count;

    internal static int Scan(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = XmlReader.Create(stream, SafeXml.Settings(FeedParser.DefaultMaxBytes));
        var length = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
            {
                do
                {
                    length += reader.Value.Length;
                }
                while (reader.MoveToNextAttribute());
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                length += reader.Value.Length;
            }
        }

        return length;
    }
}
