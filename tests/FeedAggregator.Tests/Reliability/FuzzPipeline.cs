using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Reliability;

/// <summary>What became of a fuzz case.</summary>
internal enum FuzzOutcome
{
    /// <summary>Read as a well-formed feed.</summary>
    Feed,

    /// <summary>Read as a feed after mending, or as much of one as came before the break.</summary>
    Recovered,

    /// <summary>Refused as not a feed: the parser's documented answer to garbage.</summary>
    NotAFeed,

    /// <summary>An exception escaped parse or normalise: always a bug.</summary>
    Crash,
}

/// <summary>One case's outcome, with the time it took and the bytes it allocated on its thread.</summary>
internal readonly record struct FuzzResult(FuzzOutcome Outcome, int Items, TimeSpan Elapsed, long AllocatedBytes, Exception? Error);

/// <summary>
/// A fetched body's way through the service after the fetch, as FeedRefresher takes it: FeedParser.Parse with the
/// HTTP context, then the feed made safe (FeedNormaliser), every item normalised for the store (ItemNormaliser, which
/// writes its JSON), the feed's title as plain text, and the whole feed written as the parse command's JSON.
/// </summary>
internal static class FuzzPipeline
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? output;

    public static FuzzResult Run(FuzzCase fuzzCase)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        var outcome = FuzzOutcome.Crash;
        var items = 0;
        Exception? error = null;
        try
        {
            (outcome, items) = Process(fuzzCase.Bytes, fuzzCase.ContentType, fuzzCase.DocumentUri);
        }
        catch (Exception e)
        {
            error = e;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new FuzzResult(outcome, items, elapsed, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, error);
    }

    /// <summary>The pipeline itself, exceptions and all: what the regression tests call with a minimal document.</summary>
    public static (FuzzOutcome Outcome, int Items) Process(byte[] bytes, string? contentType, Uri? documentUri)
    {
        var parsed = FeedParser.Parse(bytes, new FeedParseOptions(documentUri, contentType));
        if (!parsed.IsFeed)
        {
            return (FuzzOutcome.NotAFeed, 0);
        }

        FeedNormaliser.Normalise(parsed, documentUri);
        foreach (var item in parsed.Items)
        {
            ItemNormaliser.Normalise(item, parsed);
        }

        FeedNormaliser.Plain(parsed.Feed.Title);
        var buffer = output ??= new ArrayBufferWriter<byte>(64 * 1024);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            FeedJson.WriteFeed(json, parsed, "fuzz");
        }

        if (buffer.Capacity > 1024 * 1024)
        {
            // A buffer grown by a huge document is not kept.
            output = null;
        }

        return (parsed.WellFormed ? FuzzOutcome.Feed : FuzzOutcome.Recovered, parsed.Items.Count);
    }
}
