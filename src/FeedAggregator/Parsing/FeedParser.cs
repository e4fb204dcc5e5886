using System.Runtime.InteropServices;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>Turns bytes into a <see cref="ParsedFeed"/>. The format is detected from the content, never from the URL or Content-Type.</summary>
public static class FeedParser
{
    public const long DefaultMaxBytes = 15 * 1024 * 1024;

    public static ParsedFeed Parse(ReadOnlyMemory<byte> content, Uri? documentUri = null, long maxBytes = DefaultMaxBytes)
    {
        if (content.Length > maxBytes)
        {
            return NotAFeed($"document is {content.Length} bytes, over the limit of {maxBytes}");
        }

        if (content.Span.Trim(" \t\r\n\uFEFF"u8).IsEmpty)
        {
            return NotAFeed("empty document");
        }

        using var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        var problems = new List<string>();
        using var reader = XmlReader.Create(stream, SafeXml.Settings(maxBytes), documentUri?.AbsoluteUri);
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                return NotAFeed("no root element");
            }
        }
        catch (XmlException e)
        {
            return NotAFeed($"not XML at line {e.LineNumber}, column {e.LinePosition}: {e.Message}");
        }

        var format = Detect(reader);
        if (format is null)
        {
            return NotAFeed($"root element <{reader.LocalName}> is not RSS, RDF or Atom");
        }

        var feed = format is FeedFormat.Atom10 or FeedFormat.Atom03
            ? AtomParser.Parse(reader, format.Value, documentUri, problems)
            : RssParser.Parse(reader, format.Value, documentUri, problems);
        return feed with { WellFormed = problems.Count == 0, Problems = problems };
    }

    private static FeedFormat? Detect(XmlReader reader) => reader.LocalName switch
    {
        "rss" => reader.GetAttribute("version")?.Trim() switch
        {
            "0.91" => FeedFormat.Rss091,
            "0.92" => FeedFormat.Rss092,
            "0.93" => FeedFormat.Rss093,
            "0.94" => FeedFormat.Rss094,
            _ => FeedFormat.Rss20,
        },
        "RDF" => reader.LookupNamespace("") == XmlNames.Rss090 ? FeedFormat.Rss090 : FeedFormat.Rss10,
        "feed" => reader.NamespaceURI == XmlNames.Atom03 ? FeedFormat.Atom03 : FeedFormat.Atom10,
        _ => null,
    };

    private static ParsedFeed NotAFeed(string reason) =>
        new() { Format = null, WellFormed = false, Problems = [$"not a feed: {reason}"] };
}
