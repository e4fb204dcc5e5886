using System.CommandLine;
using FeedAggregator.Polling;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>poll-once</c>: poll every enabled feed once, store what they carry, and exit. Each finished feed moves a progress bar on
/// a terminal and prints a line <c>polled {id}: {result} ({n} new)</c> elsewhere; the summary line stays last either way.
/// A store that could not be written (disk full, read-only) makes the run fail (exit code 1) with an error naming it.
/// </summary>
internal static class PollOnceCommand
{
    public static Command Create(string[] args)
    {
        var command = new Command("poll-once", "Poll every enabled feed once, store the items and exit.");
        command.SetAction((_, cancellationToken) => RunAsync(args, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!Commands.ConfigIsValid(app.Services))
        {
            return Commands.ConfigError;
        }

        var services = app.Services;
        var database = services.GetRequiredService<Database>();
        try
        {
            await services.GetRequiredService<TopicReevaluation>()
                .RunAsync(services.GetRequiredService<TopicCatalog>().All, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (StoreFault.Of(e) is not null)
        {
            // A store that cannot be written: database.Health has it, and the end of the run reports it.
        }

        var refresher = services.GetRequiredService<FeedRefresher>();
        var feeds = services.GetRequiredService<FeedCatalog>().Enabled.ToList();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = services.GetRequiredService<IOptions<PollingOptions>>().Value.MaxConcurrentPolls,
            CancellationToken = cancellationToken,
        };
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<PollOutcome>();
        await Terminal.ProgressAsync("Polling", feeds.Count, done => Parallel.ForEachAsync(feeds, parallel, async (feed, token) =>
        {
            var outcome = await refresher.RefreshAsync(feed, token).ConfigureAwait(false);
            outcomes.Add(outcome);
            done($"polled {feed.Id}: {outcome.ErrorClass ?? outcome.Result} ({outcome.ItemsAdded} new)");
        })).ConfigureAwait(false);

        await services.GetRequiredService<Publishing.StaticTopicCopies>().WriteAllAsync(cancellationToken).ConfigureAwait(false);
        var failed = outcomes.Count(o => !o.Succeeded);
        Console.Out.WriteLine(
            $"Polled {feeds.Count} feed(s): {feeds.Count - failed} ok, {failed} failed, {outcomes.Sum(o => o.ItemsAdded)} new item(s).");
        if (database.Health.Current is { Writable: false } store)
        {
            // Not a run to count on: what the feeds carried is fetched again by the next one.
            Console.Error.WriteLine($"error: store {store.File} cannot be written: {store.LastError}; {store.FailedWrites} write(s) failed");
            return 1;
        }

        return 0;
    }
}
