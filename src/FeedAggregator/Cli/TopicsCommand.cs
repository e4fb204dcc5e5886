using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>topics list</c> and <c>topics test [id] [--query "…"] [--since 30d] [--limit 20] [--json]</c>: a dry run of a topic, or
/// of an ad-hoc query (with the topic's limits when an id is given), over the stored items; nothing is written.
/// </summary>
internal static class TopicsCommand
{
    public static Command Create(string[] args)
    {
        var id = new Argument<string?>("id") { Description = "The topic to test; optional with --query.", Arity = ArgumentArity.ZeroOrOne };
        var query = new Option<string?>("--query") { Description = "A query to try instead of the topic's own." };
        var since = new Option<string>("--since") { Description = "How far back to look: 30d, 12h, 90m.", DefaultValueFactory = _ => "30d" };
        var limit = new Option<int>("--limit") { Description = "How many of the newest matches to show.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print JSON, with each match's explanation.", Arity = ArgumentArity.Zero };
        var test = new Command("test", "Dry-run a topic or a query over stored items: the count, and the newest matches with the matched words highlighted.")
        {
            id, query, since, limit, json,
        };
        test.SetAction((parse, cancellationToken) => TestAsync(
            args, new TestRequest(parse.GetValue(id), parse.GetValue(query), parse.GetValue(since)!, parse.GetValue(limit), parse.GetValue(json)), cancellationToken));
        var list = new Command("list", "List the topics in force.");
        list.SetAction((_, _) => ListAsync(args));
        return new Command("topics", "Configured topics.") { list, test };
    }

    private sealed record TestRequest(string? Id, string? Query, string Since, int Limit, bool Json);

    private static async Task<int> ListAsync(string[] args)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!Commands.ConfigIsValid(app.Services))
        {
            return Commands.ConfigError;
        }

        foreach (var topic in app.Services.GetRequiredService<TopicCatalog>().All)
        {
            var rule = topic.Query is null ? $"{topic.Weights.Count} weighted term(s)" : $"query of {topic.Query.Length} characters";
            Console.Out.WriteLine($"{topic.Id,-24} {topic.Title} ({rule}{(topic.Weights.Count > 0 && topic.Query is not null ? $", {topic.Weights.Count} weighted term(s)" : "")})");
        }

        return 0;
    }

    private static async Task<int> TestAsync(string[] args, TestRequest request, CancellationToken cancellationToken)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!Commands.ConfigIsValid(app.Services))
        {
            return Commands.ConfigError;
        }

        var services = app.Services;
        var topic = Resolve(services, request);
        if (topic is null)
        {
            return 1;
        }

        if (!Durations.TryParse(request.Since, "dhm", out var window))
        {
            await Console.Error.WriteLineAsync($"error: --since '{request.Since}' is not a duration such as 30d, 12h or 90m").ConfigureAwait(false);
            return 1;
        }

        var store = services.GetRequiredService<TopicItemStore>();
        var feeds = services.GetRequiredService<FeedCatalog>().All.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var matcher = new TopicMatcher([topic]);
        var found = new List<(StoredMatchText Item, MatchExplanation Why)>();
        var seen = 0;
        var from = services.GetRequiredService<TimeProvider>().GetUtcNow() - window;
        await foreach (var batch in store.BatchesSinceAsync(from, TopicReevaluation.BatchSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in batch)
            {
                var match = matcher.Match(TopicReevaluation.Input(item, feeds.GetValueOrDefault(item.FeedId))).FirstOrDefault();
                if (match is not null)
                {
                    found.Add((item, match.Explanation));
                }
            }

            seen += batch.Count;
        }

        var newest = found.OrderByDescending(f => f.Item.SortAt).ThenByDescending(f => f.Item.Id).Take(Math.Max(0, request.Limit)).ToList();
        if (request.Json)
        {
            var report = new
            {
                topic = topic.Id,
                since = from,
                items = seen,
                matches = found.Count,
                newest = newest.Select(f => new { f.Item.Id, feed = f.Item.FeedId, f.Item.SortAt, f.Item.Title, explanation = f.Why }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(TopicMatchJson.Options) { WriteIndented = true }));
            return 0;
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{found.Count} of {seen} stored item(s) since {from.UtcDateTime:yyyy-MM-dd HH:mm}Z match {(request.Query is null ? $"topic '{topic.Id}'" : "the query")}."));
        var mark = Console.IsOutputRedirected ? ("[", "]") : ("\u001b[1;33m", "\u001b[0m");
        foreach (var (item, why) in newest)
        {
            var words = why.Terms.SelectMany(t => t.Words).Distinct().OrderByDescending(w => w.Length).ToList();
            Console.Out.WriteLine();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{item.SortAt.UtcDateTime:yyyy-MM-dd HH:mm}Z  {item.FeedId}  #{item.Id}"));
            Console.Out.WriteLine("  " + Highlight(item.Title, words, mark));
            if (item.Summary.Length > 0)
            {
                Console.Out.WriteLine("  " + Highlight(Shorten(item.Summary, words, 240), words, mark));
            }

            Console.Out.WriteLine("  why: " + Describe(why));
        }

        return 0;
    }

    private static Topic? Resolve(IServiceProvider services, TestRequest request)
    {
        var catalog = services.GetRequiredService<TopicCatalog>();
        Topic? topic = null;
        if (request.Id is not null)
        {
            topic = catalog.Find(request.Id);
            if (topic is null)
            {
                Console.Error.WriteLine($"error: no topic '{request.Id}' in {services.GetRequiredService<AggregatorPaths>().TopicsFileDisplay}");
                return null;
            }
        }
        else if (request.Query is null)
        {
            Console.Error.WriteLine("error: give a topic id, a --query, or both");
            return null;
        }

        if (request.Query is not null)
        {
            topic = (topic ?? new Topic("query", "Ad-hoc query", null, null)) with { Query = request.Query, Weights = [], Threshold = null };
        }

        try
        {
            topic!.Validate();
            return topic;
        }
        catch (TopicQueryException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    internal static string Describe(MatchExplanation why)
    {
        var terms = string.Join("; ", why.Terms.Select(t =>
            $"{t.Term}{(t.Weight is { } w ? string.Create(CultureInfo.InvariantCulture, $" ({w:+0.##;-0.##})") : "")} = {string.Join(", ", t.Words.Select(x => $"\"{x}\""))} in {string.Join(", ", t.Fields)}"));
        return why.Rule == MatchExplanation.Weights
            ? string.Create(CultureInfo.InvariantCulture, $"weights {why.Score:0.##} ≥ {why.Threshold:0.##}: {terms}")
            : $"{why.Clause}: {terms}";
    }

    private static string Highlight(string text, IReadOnlyList<string> words, (string Open, string Close) mark)
    {
        var marked = new StringBuilder(text);
        var taken = new bool[text.Length];
        var inserts = new List<(int At, string What)>();
        foreach (var word in words)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                if (taken.AsSpan(at, word.Length).Contains(true))
                {
                    continue;
                }

                taken.AsSpan(at, word.Length).Fill(true);
                inserts.Add((at, mark.Open));
                inserts.Add((at + word.Length, mark.Close));
            }
        }

        foreach (var (at, what) in inserts.OrderByDescending(i => i.At).ThenBy(i => i.What == mark.Open ? 1 : 0))
        {
            marked.Insert(at, what);
        }

        return marked.ToString();
    }

    /// <summary>A long summary cut to about <paramref name="length"/> characters around its first matched word.</summary>
    private static string Shorten(string text, IReadOnlyList<string> words, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var first = words.Select(w => text.IndexOf(w, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, Math.Min(first - (length / 3), text.Length - length));
        return (start > 0 ? "…" : "") + text.Substring(start, length) + (start + length < text.Length ? "…" : "");
    }
}
