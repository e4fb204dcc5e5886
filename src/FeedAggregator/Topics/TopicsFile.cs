using System.Text.Json;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;

namespace FeedAggregator.Topics;

/// <summary>Reads <c>config/topics.json</c>: <c>{ "topics": [ { "id", "title", "description", "query" } ] }</c>, reporting every problem at once.</summary>
internal static class TopicsFile
{
    private static readonly HashSet<string> KnownFields = ["id", "title", "description", "query", "$comment"];

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
        if (string.IsNullOrWhiteSpace(query))
        {
            errors.Add(new ConfigError(file, at, "query is required"));
            return null;
        }

        try
        {
            var topic = new Topic(id, string.IsNullOrWhiteSpace(title) ? id : title, description, query);
            return errors.Count > before ? null : topic;
        }
        catch (FormatException e)
        {
            errors.Add(new ConfigError(file, at, "query " + e.Message));
            return null;
        }
    }
}
