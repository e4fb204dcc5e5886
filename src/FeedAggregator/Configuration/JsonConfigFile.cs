using System.Text.Json;

namespace FeedAggregator.Configuration;

/// <summary>Reads an operator's JSON file leniently (comments, trailing commas) and reports syntax errors with line and column.</summary>
internal static class JsonConfigFile
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    public static JsonDocument Read(string path, string displayName)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(displayName, "", $"cannot be read: {e.Message}")]);
        }

        try
        {
            return JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}"
                : "";
            throw new ConfigException([new ConfigError(displayName, where, "not valid JSON: " + FirstSentence(e.Message))]);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    public static string? OptionalString(JsonElement obj, string name, string file, string location, List<ConfigError> errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ConfigError(file, $"{location}.{name}", $"must be a string, found {value.ValueKind.ToString().ToLowerInvariant()}"));
            return null;
        }

        return value.GetString();
    }
}
