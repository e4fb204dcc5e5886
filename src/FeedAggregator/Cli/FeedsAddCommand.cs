using System.CommandLine;
using System.Globalization;
using FeedAggregator.Fetching;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Sources;
using Spectre.Console;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>feeds add URL [--id ID] [--title T] [--interval hh:mm:ss | --cron EXPR] [--language xx] [--tag T]… [--pick N]</c>:
/// fetches the URL as a poll would (same fetcher, same limits and guards). A feed is confirmed by its title and item
/// count; an HTML page is searched for the feeds it links to. The feed is then appended to feeds.json.
/// </summary>
internal static class FeedsAddCommand
{
    private sealed record Request(string Url, string? Id, string? Title, string? Interval, string? Cron, string? Language, string[] Tags, int? Pick);

    private sealed record Found(Uri Url, string Written, ParsedFeed Feed);

    public static Command Create(string[] args)
    {
        var url = new Argument<string>("url") { Description = "The feed's URL, or the URL of a web page that links to its feed." };
        var id = new Option<string?>("--id")
        {
            Description = "The feed's id, a lowercase slug. Default: made from the site and the title, with -2, -3 … added when taken; a given id that is taken is refused.",
        };
        var title = new Option<string?>("--title") { Description = "The title to show. Default: the feed's own." };
        var interval = new Option<string?>("--interval") { Description = "Time between polls, hh:mm:ss, at least 00:01:00. Default: 00:15:00." };
        var cron = new Option<string?>("--cron") { Description = "A Quartz cron expression to poll by, instead of an interval." };
        var language = new Option<string?>("--language") { Description = "The feed's language code, such as en or ru." };
        var tags = new Option<string[]>("--tag") { Description = "A tag for the feed; repeat the option for more.", Arity = ArgumentArity.ZeroOrMore };
        var pick = new Option<int?>("--pick")
        {
            Description = "When the page links to several feeds, take the Nth of them (1 is the first, as listed). Without it a terminal "
                + "offers the choice; otherwise the feeds are listed and the command exits 1.",
        };
        var command = new Command("add", "Add a feed to feeds.json after fetching it: a feed is confirmed, a web page is searched for the feeds it links to.")
        {
            url, id, title, interval, cron, language, tags, pick,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(args, new Request(
            parse.GetRequiredValue(url), parse.GetValue(id), parse.GetValue(title), parse.GetValue(interval), parse.GetValue(cron),
            parse.GetValue(language), parse.GetValue(tags) ?? [], parse.GetValue(pick)), cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(string[] args, Request request, CancellationToken cancellationToken) =>
        FeedsEditCommands.EditAsync(args, async (app, editor) =>
        {
            if (request.Interval is not null && request.Cron is not null)
            {
                return Error("give --interval or --cron, not both");
            }

            if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "file"))
            {
                return Error($"'{request.Url}' is not an absolute http, https or file URL");
            }

            if (IsTaken(editor, url))
            {
                return 1;
            }

            var found = await FindAsync(app.Services.GetRequiredService<FeedFetcher>(), url, request.Pick, cancellationToken).ConfigureAwait(false);
            if (found is null || (found.Url != url && IsTaken(editor, found.Url)))
            {
                return 1;
            }

            var feedTitle = SafeXml.NullIfEmpty(FeedNormaliser.Plain(found.Feed.Feed.Title));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Found {found.Feed.Format.ToString()!.ToLowerInvariant()} feed \"{feedTitle ?? "(no title)"}\" with {found.Feed.Items.Count} item(s) at {found.Url}"));
            var title = request.Title ?? feedTitle;
            var id = request.Id ?? FeedIds.Unique(FeedIds.FromHostAndTitle(found.Url, title), candidate => editor.FindById(candidate) is not null);
            editor.Add([new NewFeed(id, found.Written, title, request.Language, request.Interval, request.Cron, request.Tags)]);
            Console.Out.WriteLine($"Added feed '{id}' to {editor.DisplayName}.");
            return 0;
        });

    private static bool IsTaken(FeedsFileEditor editor, Uri url)
    {
        if (editor.FindByUrl(url) is not { } existing)
        {
            return false;
        }

        Error($"{url} is already configured as feed '{existing.Id}' in {editor.DisplayName}");
        return true;
    }

    /// <summary>The feed at <paramref name="url"/>, or the one the page there links to; null (after saying why) when there is none.</summary>
    private static async Task<Found?> FindAsync(FeedFetcher fetcher, Uri url, int? pick, CancellationToken cancellationToken)
    {
        var page = await fetcher.FetchAsync(new FetchRequest(url), cancellationToken).ConfigureAwait(false);
        if (page.Body is null)
        {
            Error($"{url}: {page.ErrorClass}: {page.Error}");
            return null;
        }

        var parsed = Parse(page, url);
        if (parsed.IsFeed)
        {
            return new Found(url, url.OriginalString, parsed);
        }

        var candidates = FeedDiscovery.Find(page.Body, page.FinalUri ?? url);
        if (candidates.Count == 0)
        {
            Error($"{url} is neither a feed nor a page that links to one: {Describe(page)}; {string.Join("; ", parsed.Problems)}");
            return null;
        }

        if (Choose(url, candidates, pick) is not { } chosen)
        {
            return null;
        }

        Console.Out.WriteLine($"{url} is a page that links to the feed {chosen}");
        var linked = await fetcher.FetchAsync(new FetchRequest(chosen.Url), cancellationToken).ConfigureAwait(false);
        if (linked.Body is null)
        {
            Error($"{chosen.Url} (linked from {url}): {linked.ErrorClass}: {linked.Error}");
            return null;
        }

        var feed = Parse(linked, chosen.Url);
        if (!feed.IsFeed)
        {
            Error($"{chosen.Url} (linked from {url}) is not a feed: {Describe(linked)}; {string.Join("; ", feed.Problems)}");
            return null;
        }

        return new Found(chosen.Url, chosen.Url.AbsoluteUri, feed);
    }

    private static DiscoveredFeed? Choose(Uri page, IReadOnlyList<DiscoveredFeed> candidates, int? pick)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (pick is { } n)
        {
            if (n >= 1 && n <= candidates.Count)
            {
                return candidates[n - 1];
            }

            Error($"--pick {n}: {page} links to {candidates.Count} feeds, numbered 1 to {candidates.Count}");
            return null;
        }

        if (Terminal.CanPrompt)
        {
            return Terminal.Ansi().Prompt(new SelectionPrompt<DiscoveredFeed>()
                .Title(Markup.Escape($"{page} links to {candidates.Count} feeds. Which one?"))
                .UseConverter(c => Markup.Escape(c.ToString()))
                .AddChoices(candidates));
        }

        Console.Out.WriteLine($"{page} links to {candidates.Count} feeds:");
        for (var i = 0; i < candidates.Count; i++)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i + 1}. {candidates[i]}"));
        }

        Error($"{page} links to several feeds: run again with the URL of the one to add, or with --pick N");
        return null;
    }

    private static ParsedFeed Parse(FetchResult fetched, Uri url) =>
        FeedParser.Parse(fetched.Body, new FeedParseOptions(fetched.FinalUri ?? url, fetched.ContentType, fetched.ContentLanguage));

    /// <summary>What came back, as an operator would check it: status, Content-Type and size.</summary>
    private static string Describe(FetchResult fetched) => string.Join(", ", new[]
    {
        fetched.StatusCode is { } status ? string.Create(CultureInfo.InvariantCulture, $"HTTP {status}") : null,
        fetched.ContentType ?? "no Content-Type",
        string.Create(CultureInfo.InvariantCulture, $"{fetched.Body?.Length ?? 0} bytes"),
    }.OfType<string>());

    private static int Error(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
