using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeedAggregator.Api;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>feeds status [--json]</c>: every configured feed with its health from the store, as <c>/health</c> shows it;
/// <c>feeds list [--json]</c>: every configured feed as feeds.json has it. Editing commands: <see cref="FeedsAddCommand"/>,
/// <see cref="FeedsEditCommands"/>.
/// </summary>
internal static class FeedsCommand
{
    public static Command Create(string[] args)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON, as /health does.", Arity = ArgumentArity.Zero };
        var status = new Command("status", "Show every configured feed's state, last poll, last error and next poll.") { json };
        status.SetAction((parse, cancellationToken) => StatusAsync(args, parse.GetValue(json), cancellationToken));
        var listJson = new Option<bool>("--json") { Description = "Print JSON.", Arity = ArgumentArity.Zero };
        var list = new Command("list", "List every configured feed as feeds.json has it: id, enabled, schedule, language, tags, title and URL.") { listJson };
        list.SetAction((parse, _) => ListAsync(args, parse.GetValue(listJson)));
        var feeds = new Command("feeds", "Configured feeds.") { status, list, FeedsAddCommand.Create(args) };
        foreach (var edit in FeedsEditCommands.Create(args))
        {
            feeds.Add(edit);
        }

        return feeds;
    }

    private static async Task<int> ListAsync(string[] args, bool asJson)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (await FeedsEditCommands.LoadFeedsFileAsync(app).ConfigureAwait(false) is not { } feeds)
        {
            return Commands.ConfigError;
        }

        if (asJson)
        {
            var listed = feeds.Select(f => new
            {
                f.Id,
                f.Enabled,
                Url = f.Url.ToString(),
                Interval = f.Cron is null ? f.Interval.ToString("c", CultureInfo.InvariantCulture) : null,
                f.Cron,
                f.Language,
                f.Tags,
                f.Title,
                f.Sample,
            });
            // Titles in Cyrillic stay readable rather than \u-escaped: this is for operators and their scripts, not for a web page.
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            Console.Out.WriteLine(JsonSerializer.Serialize(listed, options));
            return 0;
        }

        Console.Out.WriteLine($"{"FEED",-24} {"ENABLED",-7} {"SCHEDULE",-16} {"LANG",-5} {"TAGS",-24} {"TITLE",-32} URL");
        foreach (var feed in feeds)
        {
            var schedule = feed.Cron ?? feed.Interval.ToString("c", CultureInfo.InvariantCulture);
            Console.Out.WriteLine(
                $"{Cut(feed.Id, 24),-24} {(feed.Enabled ? "yes" : "no"),-7} {Cut(schedule, 16),-16} {feed.Language ?? "-",-5} {Cut(string.Join(",", feed.Tags), 24),-24} {Cut(feed.Title ?? "-", 32),-32} {feed.Url}");
        }

        return 0;
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
