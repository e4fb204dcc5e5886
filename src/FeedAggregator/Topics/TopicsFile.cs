using System.Text.Json;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;

namespace FeedAggregator.Topics;

/// <summary>
/// Reads <c>config/topics.json</c>: <c>{ "topics": [ { "id", "title", "description", "query", "weights", "threshold",
/// "languages", "feeds", "tags", "window" } ] }</c> (docs/topics.md), reporting every problem at once.
/// </summary>
internal static class TopicsFile
{
    private static readonly HashSet<string> KnownFields =
        ["id", "title", "description", "query", "weights", "threshold", "languages", "feeds", "tags", "window", "$comment"];

    private static readonly HashSet<string> RootFields = ["topics", "$schema", "$comment"];
    private static readonly HashSet<string> WeightFields = ["match", "weight", "$comment"];

    /// <summary>Reads and validates the file on its own; throws <see cref="ConfigException"/> with every error when it is invalid.</summary>
    public static IReadOnlyList<Topic> Load(string path, string displayName)
    {
        using var document = JsonConfigFile.Read(path, displayName);
        var topics = Read(document);
        return document.Issues.Errors.Count > 0 ? throw new ConfigException(document.Issues.Errors) : topics;
    }

    /// <summary>The valid topics of a parsed file, each with the JSON path of its object; every problem goes to the document's issues.</summary>
    public static List<(Topic Topic, string Path)> ReadPlaced(ConfigDocument document)
    {
        var root = document.Issues.Scope("", "");
        var topics = new List<(Topic, string)>();
        if (document.Root.ValueKind != JsonValueKind.Object || !document.Root.TryGetProperty("topics", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            root.Error(null, "expected an object with a \"topics\" array");
            return topics;
        }

        root.UnknownFields(document.Root, RootFields);
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var path = $"topics[{index++}]";
            var topic = ReadTopic(element, document.Issues.Scope(path, path));
            if (topic is null)
            {
                continue;
            }

            if (topics.Any(t => t.Item1.Id == topic.Id))
            {
                document.Issues.Error($"{path}.id", $"topic '{topic.Id}'", "id is used by another topic; ids must be unique");
                continue;
            }

            topics.Add((topic, path));
        }

        return topics;
    }

    public static List<Topic> Read(ConfigDocument document) => [.. ReadPlaced(document).Select(t => t.Topic)];

    private static Topic? ReadTopic(JsonElement element, ConfigScope at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            at.Error(null, "each topic must be an object");
            return null;
        }

        var before = at.Issues.Errors.Count;
        var id = at.OptionalString(element, "id");
        if (string.IsNullOrWhiteSpace(id) || !FeedsFile.Slug().IsMatch(id))
        {
            at.Error("id", "is required and must be a lowercase slug (letters, digits, '-', '_' or '.')");
            return null;
        }

        at = at.Named($"topic '{id}'");
        at.UnknownFields(element, KnownFields);
        var title = at.OptionalString(element, "title");
        var description = at.OptionalString(element, "description");
        var query = at.OptionalString(element, "query");
        var weights = ReadWeights(element, at);
        var threshold = ReadNumber(element, "threshold", at);
        if (string.IsNullOrWhiteSpace(query) && weights.Count == 0)
        {
            at.Error(null, "a query or weights (with a threshold) is required");
            return null;
        }

        if (weights.Count > 0 && threshold is null)
        {
            at.Error("threshold", "is required when weights are given: the score an item needs to join the topic");
        }
        else if (weights.Count == 0 && threshold is not null)
        {
            at.Error("threshold", "applies to weights, and the topic has none");
        }

        var topic = new Topic(id, string.IsNullOrWhiteSpace(title) ? id : title.Trim(), description, string.IsNullOrWhiteSpace(query) ? null : query)
        {
            Weights = weights,
            Threshold = threshold,
            Languages = ReadList(element, "languages", at, v => v == v.ToLowerInvariant() && LanguageCodes.IsKnown(v), "a lowercase language code such as \"en\" or \"ru\""),
            Feeds = ReadList(element, "feeds", at, v => FeedsFile.Slug().IsMatch(v), "a feed id"),
            Tags = ReadList(element, "tags", at, v => v.Length > 0, "a tag"),
            Window = ReadWindow(element, at),
        };

        try
        {
            topic.Validate();
        }
        catch (TopicQueryException e)
        {
            // The message names the field and the column in the query; the file position points at that very character.
            var offset = e.InnerException is QueryException inner && Field(element, e.Field) is { } text ? RawOffset(text.GetRawText(), inner.Column) : 0;
            at.Issues.Error($"{at.Path}.{e.Field}", at.Subject, e.Message, offset);
        }

        return at.Issues.Errors.Count > before ? null : topic;
    }

    private static List<WeightedTerm> ReadWeights(JsonElement element, ConfigScope at)
    {
        var weights = new List<WeightedTerm>();
        if (!element.TryGetProperty("weights", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return weights;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            at.Error("weights", "must be an array of { \"match\": \"…\", \"weight\": n }");
            return weights;
        }

        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var step = $"weights[{index++}]";
            var where = at.Inner(step, $"{at.Subject}.{step}");
            if (entry.ValueKind == JsonValueKind.Object)
            {
                where.UnknownFields(entry, WeightFields);
            }

            var match = entry.ValueKind == JsonValueKind.Object ? where.OptionalString(entry, "match") : null;
            var weight = entry.ValueKind == JsonValueKind.Object ? ReadNumber(entry, "weight", where) : null;
            if (string.IsNullOrWhiteSpace(match) || weight is null)
            {
                where.Error(null, "needs \"match\" (a query expression) and \"weight\" (a number)");
                continue;
            }

            weights.Add(new WeightedTerm(match, weight.Value));
        }

        return weights;
    }

    private static double? ReadNumber(JsonElement element, string name, ConfigScope at)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
        {
            at.Error(name, "must be a number");
            return null;
        }

        return value.GetDouble();
    }

    private static string[] ReadList(JsonElement element, string name, ConfigScope at, Func<string, bool> valid, string what)
    {
        if (!element.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            at.Error(name, "must be an array of strings");
            return [];
        }

        var values = list.EnumerateArray().Select(v => v.GetString()!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        foreach (var bad in values.Where(v => !valid(v)))
        {
            at.Error(name, $"'{bad}' is not {what}");
        }

        return values;
    }

    private static TimeSpan ReadWindow(JsonElement element, ConfigScope at)
    {
        var text = at.OptionalString(element, "window");
        if (text is null)
        {
            return Topic.DefaultWindow;
        }

        if (Durations.TryParse(text, "dh", out var window))
        {
            return window;
        }

        at.Error("window", $"'{text}' is not a window such as \"30d\" or \"12h\"");
        return Topic.DefaultWindow;
    }

    /// <summary>The string a compile error names: <c>query</c> or <c>weights[2].match</c>.</summary>
    private static JsonElement? Field(JsonElement topic, string field)
    {
        if (field == "query")
        {
            return topic.GetProperty("query");
        }

        var open = field.IndexOf('[', StringComparison.Ordinal);
        var close = field.IndexOf(']', StringComparison.Ordinal);
        return open > 0 && close > open && int.TryParse(field[(open + 1)..close], out var index)
            ? topic.GetProperty("weights")[index].GetProperty("match")
            : null;
    }

    /// <summary>How many characters of a JSON string's raw text (opening quote and escapes included) come before its <paramref name="column"/>th character.</summary>
    private static int RawOffset(string raw, int column)
    {
        var (index, decoded) = (1, 1);
        while (decoded < column && index < raw.Length - 1)
        {
            index += raw[index] != '\\' ? 1 : raw[index + 1] == 'u' ? 6 : 2;
            decoded++;
        }

        return index;
    }
}
