using System.Security.Cryptography;
using System.Text.Json;

namespace FeedAggregator.Configuration;

/// <summary>An operator's JSON file as read: the document, where each value sits in it, and a hash of its bytes.</summary>
internal sealed class ConfigDocument(JsonDocument document, ConfigIssues issues, string sha256) : IDisposable
{
    public JsonElement Root => document.RootElement;

    /// <summary>Collects this file's errors and warnings, each with its line and column.</summary>
    public ConfigIssues Issues { get; } = issues;

    /// <summary>Lowercase hex SHA-256 of the file's bytes: names the version of the file in force.</summary>
    public string Sha256 { get; } = sha256;

    public void Dispose() => document.Dispose();
}

/// <summary>Reads an operator's JSON file leniently (comments, trailing commas) and reports syntax errors with line and column.</summary>
internal static class JsonConfigFile
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    public static ConfigDocument Read(string path, string displayName) => Parse(ReadBytes(path, displayName), displayName);

    public static byte[] ReadBytes(string path, string displayName)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(displayName, "", $"cannot be read: {e.Message}")]);
        }
    }

    public static ConfigDocument Parse(byte[] bytes, string displayName)
    {
        // Editors on Windows save UTF-8 with a byte order mark, which the JSON reader does not take.
        var json = bytes.AsMemory(Bom(bytes));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError(displayName, "", "not valid JSON: " + FirstSentence(e.Message))
            {
                Line = e.LineNumber is { } line ? (int)line + 1 : null,
                Column = e.BytePositionInLine is { } column ? (int)column + 1 : null,
            }]);
        }

        var issues = new ConfigIssues(displayName, JsonLocations.Of(json.Span, ReaderOptions));
        return new ConfigDocument(document, issues, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>
    /// True when the bytes are the beginning of a JSON document rather than a broken one: empty, or cut off before its
    /// end with no error up to there. Editors that truncate a file and then write it leave such a file for a moment.
    /// </summary>
    public static bool LooksUnfinished(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes[Bom(bytes)..], isFinalBlock: false, new JsonReaderState(ReaderOptions));
        try
        {
            var any = false;
            while (reader.Read())
            {
                any = true;
            }

            return !any || reader.CurrentDepth > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int Bom(ReadOnlySpan<byte> bytes) => bytes.StartsWith("\uFEFF"u8) ? 3 : 0;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut > 0 ? message[..cut] : message;
        // System.Text.Json appends its own position ("LineNumber: 2 | BytePositionInLine: 14."); ours is in front.
        var position = sentence.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position > 0 ? sentence[..position] : sentence;
    }
}
