using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FeedAggregator.Api;
using FeedAggregator.Sources;
using FeedAggregator.Storage;

namespace FeedAggregator.Cli;

/// <summary><c>feeds status [--json]</c>: every configured feed with its health from the store, as <c>/health</c> shows it.</summary>
internal static class FeedsCommand
{
    public static Command Create(string[] args)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON, as /health does.", Arity = ArgumentArity.Zero };
        var status = new Command("status", "Show every configured feed's state, last poll, last error and next poll.") { json };
        status.SetAction((parse, cancellationToken) => StatusAsync(args, parse.GetValue(json), cancellationToken));
        return new Command("feeds", "Configured feeds.") { status };
    }

    private static async Task<int> StatusAsync(string[] args, bool asJson, CancellationToken cancellationToken)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!Commands.ConfigIsValid(app.Services))
        {
            return Commands.ConfigError;
        }

        var feeds = app.Services.GetRequiredService<FeedCatalog>();
        var known = await app.Services.GetRequiredService<FeedStatusStore>().AllAsync(cancellationToken).ConfigureAwait(false);
        var report = feeds.All.Select(feed => HealthEndpoints.FeedHealth.Of(feed, known.GetValueOrDefault(feed.Id))).ToList();
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return 0;
        }

        Console.Out.WriteLine($"{"FEED",-24} {"STATE",-8} {"LAST POLL",-20} {"RESULT",-13} {"HTTP",4} {"FAILS",5} {"NEW",4} {"NEXT POLL",-20} ERROR / NOTICE");
        foreach (var feed in report)
        {
            var result = feed.LastErrorClass ?? feed.LastResult ?? "";
            var note = feed.LastError ?? feed.Notice ?? (feed.Enabled ? "" : "disabled");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Cut(feed.Id, 24),-24} {feed.State,-8} {Time(feed.LastPollAt),-20} {Cut(result, 13),-13} {feed.LastHttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "-",4} {feed.ConsecutiveFailures,5} {feed.ItemsAddedLastPoll,4} {Time(feed.NextPollAt),-20} {note}"));
        }

        return 0;
    }

    private static string Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
