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

    /// <summary>
    /// Refused because an exception inside the parser was caught as "unreadable" (FeedParser catches argument, operation
    /// and decoder exceptions): as much a bug as a crash, only hidden.
    /// </summary>
    Swallowed,

    /// <summary>An exception escaped parse or normalise: always a bug.</summary>
    Crash,
}

/// <summary>One case's outcome, with the time it took and the bytes it allocated on its thread.</summary>
/// <param name="Swallowed">For <see cref="FuzzOutcome.Swallowed"/>, the parser's problem naming the exception.</param>
internal readonly record struct FuzzResult(FuzzOutcome Outcome, int Items, TimeSpan Elapsed, long AllocatedBytes, Exception? Error, string? Swallowed = null);

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
        string? swallowed = null;
        Exception? error = null;
        try
        {
            (outcome, items, swallowed) = Process(fuzzCase.Bytes, fuzzCase.ContentType, fuzzCase.DocumentUri);
        }
        catch (Exception e)
        {
            error = e;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new FuzzResult(outcome, items, elapsed, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, error, swallowed);
    }

    /// <summary>The pipeline itself, exceptions and all: what the regression tests call with a minimal document.</summary>
    public static (FuzzOutcome Outcome, int Items, string? Swallowed) Process(byte[] bytes, string? contentType, Uri? documentUri)
    {
        var parsed = FeedParser.Parse(bytes, new FeedParseOptions(documentUri, contentType));
        if (!parsed.IsFeed)
        {
            var swallowed = parsed.Problems.FirstOrDefault(problem => problem.Contains("unreadable: ", StringComparison.Ordinal));
            return (swallowed is null ? FuzzOutcome.NotAFeed : FuzzOutcome.Swallowed, 0, swallowed);
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

        return (parsed.WellFormed ? FuzzOutcome.Feed : FuzzOutcome.Recovered, parsed.Items.Count, null);
    }
}
