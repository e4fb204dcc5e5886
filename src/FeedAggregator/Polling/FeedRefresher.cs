using System.Diagnostics;
using FeedAggregator.Fetching;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;

namespace FeedAggregator.Polling;

/// <summary>One poll of one feed, the whole pipeline top to bottom: fetch, parse, normalise, match topics, store, record status.</summary>
public sealed class FeedRefresher(
    FeedFetcher fetcher,
    TopicCatalog topics,
    ItemStore items,
    FeedStatusStore statuses,
    TimeProvider time,
    ILogger<FeedRefresher> logger)
{
    public async Task<PollOutcome> RefreshAsync(FeedSource feed, DateTimeOffset? nextPollAt, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        PollOutcome outcome;
        try
        {
            outcome = await PollAsync(feed, started, nextPollAt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Poll of {FeedId} failed unexpectedly ({Url})", feed.Id, feed.Url);
            outcome = new PollOutcome(feed.Id, feed.Url.ToString(), feed.Title, started, null, "internal-error", e.Message, 0, nextPollAt);
        }

        await statuses.RecordAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            logger.LogInformation("Polled {FeedId}: {ItemsAdded} new item(s) ({Status}) in {ElapsedMs} ms",
                feed.Id, outcome.ItemsAdded, outcome.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "file", clock.ElapsedMilliseconds);
        }
        else
        {
            logger.LogWarning("Poll of {FeedId} failed: {ErrorClass}: {Error} ({Url}){NextTry}",
                feed.Id, outcome.ErrorClass, outcome.Error, feed.Url, outcome.NextPollAt is { } next ? $"; next try {next:u}" : "");
        }

        return outcome;
    }

    private async Task<PollOutcome> PollAsync(FeedSource feed, DateTimeOffset started, DateTimeOffset? nextPollAt, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(feed, cancellationToken).ConfigureAwait(false);
        if (!fetched.Succeeded)
        {
            return Failure(feed, started, nextPollAt, fetched.StatusCode, fetched.ErrorClass!, fetched.Error!);
        }

        var documentUri = fetched.FinalUri ?? feed.Url;
        var parsed = FeedParser.Parse(fetched.Body, new FeedParseOptions(documentUri, fetched.ContentType, fetched.ContentLanguage));
        if (!parsed.IsFeed)
        {
            return Failure(feed, started, nextPollAt, fetched.StatusCode, FetchErrors.NotAFeed, string.Join("; ", parsed.Problems));
        }

        if (!parsed.WellFormed && parsed.Items.Count == 0)
        {
            return Failure(feed, started, nextPollAt, fetched.StatusCode, FetchErrors.ParseError, string.Join("; ", parsed.Problems));
        }

        FeedNormaliser.Normalise(parsed, documentUri);
        var matched = parsed.Items
            .Select(item => ItemNormaliser.Normalise(item, parsed))
            .Select(item => (item, topics.Match(item)))
            .ToList();
        var saved = await items.SaveAsync(feed.Id, matched, cancellationToken).ConfigureAwait(false);
        if (!parsed.WellFormed)
        {
            logger.LogWarning("Feed {FeedId} is not well-formed; kept {ItemCount} item(s) read before: {Problems}",
                feed.Id, parsed.Items.Count, string.Join("; ", parsed.Problems));
        }

        var title = feed.Title ?? SafeXml.NullIfEmpty(FeedNormaliser.Plain(parsed.Feed.Title));
        return new PollOutcome(feed.Id, feed.Url.ToString(), title, started, fetched.StatusCode, null, null, saved.Added, nextPollAt);
    }

    private static PollOutcome Failure(FeedSource feed, DateTimeOffset started, DateTimeOffset? nextPollAt, int? status, string errorClass, string error) =>
        new(feed.Id, feed.Url.ToString(), feed.Title, started, status, errorClass, error, 0, nextPollAt);
}
