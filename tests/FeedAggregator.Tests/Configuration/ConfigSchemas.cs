using System.Text.Json;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Tests.Support;
using FeedAggregator.Topics;
using NJsonSchema;

namespace FeedAggregator.Tests.Configuration;

/// <summary>The shipped schemas of config/, and the two verdicts on a document: the schema's and the service's.</summary>
internal static class ConfigSchemas
{
    public static readonly string[] Files = ["feeds", "topics"];

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static string ConfigFile(string name) => Path.Combine(Repository.Root, "config", name);

    public static JsonDocument ReadSchema(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(ConfigFile(file + ".schema.json")));

    public static async Task<JsonSchema> LoadSchemaAsync(string file) =>
        await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(ConfigFile(file + ".schema.json")));

    /// <summary>
    /// The service reads operators' files with comments and trailing commas; a schema validator reads plain JSON, as
    /// an editor does once it has set comments aside.
    /// </summary>
    public static string PlainJson(string text)
    {
        using var document = JsonDocument.Parse(text, Lenient);
        return JsonSerializer.Serialize(document.RootElement);
    }

    /// <summary>The schema's errors for <paramref name="json"/>; none when it validates.</summary>
    public static async Task<string[]> SchemaErrorsAsync(string file, string json) =>
        [.. (await LoadSchemaAsync(file)).Validate(PlainJson(json)).Select(e => e.ToString())];

    /// <summary>The service's errors for <paramref name="json"/> written as its file; none when it loads.</summary>
    public static string[] ServiceErrors(string file, string json)
    {
        using var folder = new TempDirectory();
        var path = folder.Write(file + ".json", json);
        try
        {
            _ = file == "feeds" ? FeedsFile.Load(path, "feeds.json").Count : TopicsFile.Load(path, "topics.json").Count;
            return [];
        }
        catch (ConfigException e)
        {
            return e.Errors.Count > 0 ? [.. e.Errors.Select(x => x.ToString())] : [e.Message];
        }
    }
}
