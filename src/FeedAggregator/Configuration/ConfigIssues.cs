using System.Text.Json;

namespace FeedAggregator.Configuration;

/// <summary>Collects the errors and warnings of one operator's file, placing each at the line and column of its value.</summary>
internal sealed class ConfigIssues(string file, JsonLocations locations)
{
    public string File { get; } = file;

    public List<ConfigError> Errors { get; } = [];

    public List<ConfigError> Warnings { get; } = [];

    /// <summary>A feed, a topic or the file's root: a JSON path to find places by, and the name operators know it by.</summary>
    public ConfigScope Scope(string path, string subject) => new(this, path, subject);

    public void Error(string path, string location, string message, int columnOffset = 0) => Errors.Add(At(path, location, message, columnOffset));

    public void Warn(string path, string location, string message) => Warnings.Add(At(path, location, message, 0));

    private ConfigError At(string path, string location, string message, int columnOffset)
    {
        var place = locations.Find(path);
        return new ConfigError(File, location, message) { Line = place?.Line, Column = place?.Column + columnOffset };
    }
}

/// <summary>One object of an operator's file (a feed, a topic): its errors name it and the field, and point at the value.</summary>
internal readonly record struct ConfigScope(ConfigIssues Issues, string Path, string Subject)
{
    public ConfigScope Named(string subject) => this with { Subject = subject };

    public ConfigScope Inner(string path, string subject) => new(Issues, $"{Path}.{path}", subject);

    public void Error(string? field, string message) => Issues.Error(Join(Path, field), Join(Subject, field), message);

    public void Warn(string? field, string message) => Issues.Warn(Join(Path, field), Join(Subject, field), message);

    private static string Join(string head, string? field) => field is null ? head : head.Length == 0 ? field : $"{head}.{field}";

    public string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"must be a string, found {value.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }

        return value.GetString();
    }

    public bool Bool(JsonElement obj, string name, bool fallback)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(name, "must be true or false");
        return fallback;
    }

    /// <summary>Reports the object's fields that are not in <paramref name="known"/>: most often a typo that would otherwise be ignored.</summary>
    public void UnknownFields(JsonElement obj, IReadOnlySet<string> known)
    {
        foreach (var property in obj.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            Error(property.Name, "unknown field");
        }
    }
}
