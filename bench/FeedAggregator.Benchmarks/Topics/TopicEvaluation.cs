using System.Globalization;
using FeedAggregator.Topics;

namespace FeedAggregator.Benchmarks.Topics;

/// <summary>
/// Precision and recall of a topic on labelled sets, per language, with every miss and false match listed.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- topic-eval [topics.json] [topic-id] [set.json…]</c>
/// (defaults: config/topics.json, human-trafficking, the four sets beside this file).
/// </summary>
internal static class TopicEvaluation
{
    public static int Run(string[] args)
    {
        var topicsFile = args.Length > 0 ? args[0] : Path.Combine("config", "topics.json");
        var id = args.Length > 1 ? args[1] : "human-trafficking";
        var sets = args.Length > 2 ? args[2..] : [.. TopicCorpus.EvaluationSets.Select(s => Path.Combine(TopicCorpus.Folder, s))];
        var matcher = new TopicMatcher([TopicsFile.Load(topicsFile, topicsFile).Single(t => t.Id == id)]);
        foreach (var set in sets)
        {
            var items = TopicCorpus.Read(set);
            foreach (var language in items.Select(i => i.Lang).Distinct())
            {
                var judged = items.Where(i => i.Lang == language)
                    .Select(i => (Item: i, Matched: matcher.Match(MatchInput.Of(i.Title, i.Summary, i.Lang), explain: false).Count > 0)).ToList();
                foreach (var (item, matched) in judged.Where(j => j.Matched != j.Item.Relevant))
                {
                    Console.WriteLine($"  {(matched ? "false match" : "missed")} {item.Id} ({item.Kind}): {item.Title}");
                }

                var hits = judged.Count(j => j.Matched && j.Item.Relevant);
                var precision = (double)hits / Math.Max(1, judged.Count(j => j.Matched));
                var recall = (double)hits / Math.Max(1, judged.Count(j => j.Item.Relevant));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(set)} {language}: {judged.Count} items, precision {precision:0.000}, recall {recall:0.000}"));
            }
        }

        return 0;
    }
}
