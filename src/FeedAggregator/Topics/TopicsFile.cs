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

    public static IReadOnlyList<Topic> Load(string path, string displayName)
    {
        using var document = JsonConfigFile.Read(path, displayName);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("topics", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigException([new ConfigError(displayName, "", "expected an object with a \"topics\" array")]);
        }

        var errors = new List<ConfigError>();
        var topics = new List<Topic>();
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var topic = ReadTopic(element, $"topics[{index++}]", displayName, errors);
            if (topic is null)
            {
                continue;
            }

            if (topics.Any(t => t.Id == topic.Id))
            {
                errors.Add(new ConfigError(displayName, $"topic '{topic.Id}'", "id is used by another topic; ids must be unique"));
                continue;
            }

            topics.Add(topic);
        }

        return errors.Count > 0 ? throw new ConfigException(errors) : topics;
    }

    private static Topic? ReadTopic(JsonElement element, string at, string file, List<ConfigError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(file, at, "each topic must be an object"));
            return null;
        }

        var before = errors.Count;
        var id = JsonConfigFile.OptionalString(element, "id", file, at, errors);
        if (string.IsNullOrWhiteSpace(id) || !FeedsFile.Slug().IsMatch(id))
        {
            errors.Add(new ConfigError(file, at, "id is required and must be a lowercase slug (letters, digits, '-', '_' or '.')"));
            return null;
        }

        at = $"topic '{id}'";
        foreach (var property in element.EnumerateObject().Where(p => !KnownFields.Contains(p.Name)))
        {
            errors.Add(new ConfigError(file, $"{at}.{property.Name}", "unknown field"));
        }

        var title = JsonConfigFile.OptionalString(element, "title", file, at, errors);
        var description = JsonConfigFile.OptionalString(element, "description", file, at, errors);
        var query = JsonConfigFile.OptionalString(element, "query", file, at, errors);
        var weights = ReadWeights(element, file, at, errors);
        var threshold = ReadNumber(element, "threshold", file, at, errors);
        if (string.IsNullOrWhiteSpace(query) && weights.Count == 0)
        {
            errors.Add(new ConfigError(file, at, "a query or weights (with a threshold) is required"));
            return null;
        }

        if (weights.Count > 0 && threshold is null)
        {
            errors.Add(new ConfigError(file, $"{at}.threshold", "is required when weights are given: the score an item needs to join the topic"));
        }
        else if (weights.Count == 0 && threshold is not null)
        {
            errors.Add(new ConfigError(file, $"{at}.threshold", "applies to weights, and the topic has none"));
        }

        var topic = new Topic(id, string.IsNullOrWhiteSpace(title) ? id : title.Trim(), description, string.IsNullOrWhiteSpace(query) ? null : query)
        {
            Weights = weights,
            Threshold = threshold,
            Languages = ReadList(element, "languages", file, at, errors, IsLanguage, "a language code such as \"en\" or \"ru\""),
            Feeds = ReadList(element, "feeds", file, at, errors, v => FeedsFile.Slug().IsMatch(v), "a feed id"),
            Tags = ReadList(element, "tags", file, at, errors, v => v.Length > 0, "a tag"),
            Window = ReadWindow(element, file, at, errors),
        };

        try
        {
            topic.Validate();
        }
        catch (TopicQueryException e)
        {
            errors.Add(new ConfigError(file, at, e.Message));
        }

        return errors.Count > before ? null : topic;
    }

    private static List<WeightedTerm> ReadWeights(JsonElement element, string file, string at, List<ConfigError> errors)
    {
        var weights = new List<WeightedTerm>();
        if (!element.TryGetProperty("weights", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return weights;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ConfigError(file, $"{at}.weights", "must be an array of { \"match\": \"…\", \"weight\": n }"));
            return weights;
        }

        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var where = $"{at}.weights[{index++}]";
            var match = entry.ValueKind == JsonValueKind.Object ? JsonConfigFile.OptionalString(entry, "match", file, where, errors) : null;
            var weight = entry.ValueKind == JsonValueKind.Object ? ReadNumber(entry, "weight", file, where, errors) : null;
            if (string.IsNullOrWhiteSpace(match) || weight is null)
            {
                errors.Add(new ConfigError(file, where, "needs \"match\" (a query expression) and \"weight\" (a number)"));
                continue;
            }

            weights.Add(new WeightedTerm(match, weight.Value));
        }

        return weights;
    }

    private static double? ReadNumber(JsonElement element, string name, string file, string at, List<ConfigError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
        {
            errors.Add(new ConfigError(file, $"{at}.{name}", "must be a number"));
            return null;
        }

        return value.GetDouble();
    }

    private static string[] ReadList(JsonElement element, string name, string file, string at, List<ConfigError> errors, Func<string, bool> valid, string what)
    {
        if (!element.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors.Add(new ConfigError(file, $"{at}.{name}", "must be an array of strings"));
            return [];
        }

        var values = list.EnumerateArray().Select(v => v.GetString()!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        foreach (var bad in values.Where(v => !valid(v)))
        {
            errors.Add(new ConfigError(file, $"{at}.{name}", $"'{bad}' is not {what}"));
        }

        return values;
    }

    private static bool IsLanguage(string code) =>
        code.Length is >= 2 and <= 3 && code.All(char.IsAsciiLetterLower);

    private static TimeSpan ReadWindow(JsonElement element, string file, string at, List<ConfigError> errors)
    {
        var text = JsonConfigFile.OptionalString(element, "window", file, at, errors);
        if (text is null)
        {
            return Topic.DefaultWindow;
        }

        if (Durations.TryParse(text, "dh", out var window))
        {
            return window;
        }

        errors.Add(new ConfigError(file, $"{at}.window", $"'{text}' is not a window such as \"30d\" or \"12h\""));
        return Topic.DefaultWindow;
    }
}
