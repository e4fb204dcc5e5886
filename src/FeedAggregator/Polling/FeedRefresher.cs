using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Fetching;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>
/// One poll of one feed, the whole pipeline top to bottom: conditional fetch, parse, normalise, match topics, store,
/// record status and decide the next poll. A 304, or a body byte for byte the same as last time, costs no parse and
/// no writes beyond the feed's status.
/// </summary>
public sealed class FeedRefresher(
    FeedFetcher fetcher,
    TopicCatalog topics,
    ItemStore items,
    FeedStatusStore statuses,
    IOptions<FetchingOptions> fetching,
    TimeProvider time,
    ILogger<FeedRefresher> logger)
{
    /// <summary>The error class of a poll whose outcome the store could not take; never recorded as the feed's.</summary>
    public const string StoreError = "store";

    public async Task<PollOutcome> RefreshAsync(FeedSource feed, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var previous = await statuses.GetAsync(feed.Id, cancellationToken).ConfigureAwait(false);
        PollOutcome outcome;
        PollHints? hints = null;
        try
        {
            (outcome, hints) = await PollAsync(feed, previous, started, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (StoreFault.Of(e) is { } fault)
        {
            return NotStored(feed, started, fault, "its items", clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Poll of {FeedId} failed unexpectedly ({Url})", feed.Id, feed.Url);
            outcome = new PollOutcome(feed.Id, feed.Url.ToString(), feed.Title, started, null, "internal-error", e.Message, 0, null)
            {
                Fetch = previous?.Fetch ?? FeedFetchState.None,
            };
        }

        var failures = outcome.Succeeded ? 0 : (previous?.ConsecutiveFailures ?? 0) + 1;
        outcome = outcome with { NextPollAt = NextPoll(feed, outcome, failures, hints) };
        try
        {
            await statuses.RecordAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException e) when (StoreFault.Of(e) is { } fault)
        {
            // Its items (if any) are stored, but not the validators and body hash that would let the next poll skip
            // them: that poll fetches and compares them again, and finds them stored.
            return NotStored(feed, started, fault, outcome.ItemsAdded > 0 ? "its status" : "its result", clock.ElapsedMilliseconds);
        }

        Log(feed, outcome, failures, clock.ElapsedMilliseconds);
        return outcome;
    }

    /// <summary>
    /// A poll whose outcome the store could not take (disk full, read-only): not the feed's failure, so nothing is
    /// recorded against it (the store's own state is in /health). The feed keeps what its last stored poll left (its
    /// validators, its body hash, its failures in a row), so its next poll, at the regular time, fetches the feed whole
    /// and stores what this one could not.
    /// </summary>
    private PollOutcome NotStored(FeedSource feed, DateTimeOffset started, StoreFault fault, string what, long elapsedMs)
    {
        var next = PollPlanner.Regular(feed.Interval, feed.Cron, time.GetUtcNow());
        logger.LogWarning("Poll of {FeedId}: {What} could not be stored ({StoreError}) in {ElapsedMs} ms; the feed is fetched again at its next poll {NextPoll:u}",
            feed.Id, what, fault.Description, elapsedMs, next);
        return new PollOutcome(feed.Id, feed.Url.ToString(), feed.Title, started, null, StoreError, fault.Description, 0, next);
    }

    private DateTimeOffset NextPoll(FeedSource feed, PollOutcome outcome, int failures, PollHints? hints) =>
        PollPlanner.Next(
            feed.Interval,
            feed.Cron,
            (hints ?? new PollHints(outcome.Succeeded)) with
            {
                Succeeded = outcome.Succeeded,
                Gone = outcome.State == FeedStates.Gone,
                ConsecutiveFailures = failures,
                TtlMinutes = outcome.Fetch.TtlMinutes,
            },
            time.GetUtcNow(),
            fetching.Value.MaxDelay);

    private async Task<(PollOutcome, PollHints)> PollAsync(FeedSource feed, FeedStatus? previous, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var state = Carried(feed, previous);
        var url = state.EffectiveUrl is { } moved ? new Uri(moved) : feed.Url;
        var fetched = await fetcher.FetchAsync(new FetchRequest(url, state.ETag, state.LastModified), cancellationToken).ConfigureAwait(false);
        state = TrackRedirects(feed, url, state, fetched);
        var hints = new PollHints(fetched.Succeeded, RetryAfter: fetched.RetryAfter, FreshUntil: fetched.FreshUntil);
        var title = feed.Title;
        if (!fetched.Succeeded)
        {
            return Failure(feed, started, fetched.StatusCode, fetched.ErrorClass!, fetched.Error!, state, hints);
        }

        if (fetched.NotModified)
        {
            return Success(feed, started, 304, "not-modified", 0, title, state with { ETag = fetched.ETag, LastModified = fetched.LastModified }, hints);
        }

        var hash = FeedParser.Hash(fetched.Body!);
        var validators = state with { ETag = fetched.ETag, LastModified = fetched.LastModified };
        if (hash == state.BodyHash)
        {
            return Success(feed, started, fetched.StatusCode, "unchanged", 0, title, validators, hints);
        }

        var documentUri = fetched.FinalUri ?? url;
        var parsed = FeedParser.Parse(fetched.Body, new FeedParseOptions(documentUri, fetched.ContentType, fetched.ContentLanguage));
        if (!parsed.IsFeed)
        {
            return BotWall.Looks(fetched.Body!)
                ? Failure(feed, started, fetched.StatusCode, FetchErrors.Blocked, "a bot-protection page came instead of the feed", state, hints)
                : Failure(feed, started, fetched.StatusCode, FetchErrors.NotAFeed, string.Join("; ", parsed.Problems), state, hints);
        }

        if (!parsed.WellFormed && parsed.Items.Count == 0)
        {
            return Failure(feed, started, fetched.StatusCode, FetchErrors.ParseError, string.Join("; ", parsed.Problems), state, hints);
        }

        FeedNormaliser.Normalise(parsed, documentUri);
        var matched = parsed.Items
            .Select(item => ItemNormaliser.Normalise(item, parsed))
            .Select(item => (item, topics.Match(item, feed)))
            .ToList();
        title ??= SafeXml.NullIfEmpty(FeedNormaliser.Plain(parsed.Feed.Title));
        var saved = await items.SaveAsync(feed.Id, matched, cancellationToken, new SavedFeed(feed.Url.ToString(), title)).ConfigureAwait(false);
        if (!parsed.WellFormed)
        {
            logger.LogWarning("Feed {FeedId} is not well-formed; kept {ItemCount} item(s) read before: {Problems}",
                feed.Id, parsed.Items.Count, string.Join("; ", parsed.Problems));
        }

        // A broken body is read again next time, so only a well-formed one's hash lets the next poll skip the parse.
        var next = validators with { BodyHash = parsed.WellFormed ? hash : null, TtlMinutes = parsed.Feed.Ttl };
        return Success(feed, started, fetched.StatusCode, "changed", saved.Added, title, next, hints);
    }

    /// <summary>The fetch state of the last poll, less what an operator's change of URL makes stale.</summary>
    private static FeedFetchState Carried(FeedSource feed, FeedStatus? previous)
    {
        if (previous is null)
        {
            return FeedFetchState.None;
        }

        var configured = feed.Url.ToString();
        if (previous.Url != configured)
        {
            return FeedFetchState.None;
        }

        var state = previous.Fetch;
        return state.MovedFrom is not null && state.MovedFrom != configured
            ? state with { EffectiveUrl = null, MovedFrom = null, RedirectTarget = null, RedirectPolls = 0 }
            : state;
    }

    /// <summary>
    /// Counts consecutive polls that met the same permanent redirect; after <see cref="FetchingOptions.PermanentRedirectPolls"/>
    /// the feed moves to its target. Temporary redirects never change anything.
    /// </summary>
    private FeedFetchState TrackRedirects(FeedSource feed, Uri polled, FeedFetchState state, FetchResult fetched)
    {
        if (fetched.PermanentRedirect is not { } target || target == polled)
        {
            return state with { RedirectTarget = null, RedirectPolls = 0 };
        }

        var seen = target.ToString();
        var polls = state.RedirectTarget == seen ? state.RedirectPolls + 1 : 1;
        if (polls < fetching.Value.PermanentRedirectPolls)
        {
            return state with { RedirectTarget = seen, RedirectPolls = polls };
        }

        logger.LogWarning("Feed {FeedId} moved permanently to {Target} ({Polls} polls in a row); polling it there. Update {Url} in the feeds file",
            feed.Id, seen, polls, feed.Url);
        return state with { EffectiveUrl = seen, MovedFrom = feed.Url.ToString(), RedirectTarget = null, RedirectPolls = 0, ETag = null, LastModified = null };
    }

    private static (PollOutcome, PollHints) Success(
        FeedSource feed, DateTimeOffset started, int? status, string result, int added, string? title, FeedFetchState state, PollHints hints) =>
        (new(feed.Id, feed.Url.ToString(), title, started, status, null, null, added, null)
        {
            Result = result,
            State = state.EffectiveUrl is null ? FeedStates.Ok : FeedStates.Moved,
            Fetch = state,
        }, hints);

    private static (PollOutcome, PollHints) Failure(
        FeedSource feed, DateTimeOffset started, int? status, string errorClass, string error, FeedFetchState state, PollHints hints) =>
        (new(feed.Id, feed.Url.ToString(), feed.Title, started, status, errorClass, error, 0, null)
        {
            State = errorClass == FetchErrors.Gone ? FeedStates.Gone : FeedStates.Failing,
            Fetch = state,
        }, hints);

    private void Log(FeedSource feed, PollOutcome outcome, int failures, long elapsedMs)
    {
        var status = outcome.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "file";
        var moved = outcome.Fetch.EffectiveUrl is { } to ? $"; moved to {to}: update config" : "";
        if (outcome.Succeeded)
        {
            logger.LogInformation("Polled {FeedId}: {Result}, {ItemsAdded} new item(s) ({Status}) in {ElapsedMs} ms; next {NextPoll:u}{Moved}",
                feed.Id, outcome.Result, outcome.ItemsAdded, status, elapsedMs, outcome.NextPollAt, moved);
        }
        else
        {
            logger.LogWarning("Poll of {FeedId} failed: {ErrorClass}: {Error} ({Url}); {Failures} failure(s) in a row, next try {NextPoll:u}{Moved}",
                feed.Id, outcome.ErrorClass, outcome.Error, outcome.Fetch.EffectiveUrl ?? feed.Url.ToString(), failures, outcome.NextPollAt, moved);
        }
    }
}
