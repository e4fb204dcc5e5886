using System.Reflection;
using System.Text.Json;
using FeedAggregator.Sources;
using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Configuration;

/// <summary>
/// config/feeds.schema.json and config/topics.schema.json: what editors check as operators type. The schemas must accept
/// what the service accepts and refuse what it refuses; ConfigSchemaAgreementTests holds them to that document by document.
/// </summary>
public sealed class ConfigSchemaTests
{
    // NJsonSchema enforces only these keywords and silently ignores newer ones (if/then, const, dependentRequired,
    // $defs). A rule written with those would go untested here while editors apply it, so the schemas keep to these.
    private static readonly HashSet<string> Enforced =
        ["type", "properties", "required", "additionalProperties", "items", "pattern", "minLength", "minItems", "anyOf", "allOf", "not"];

    // allowComments and allowTrailingCommas are VS Code's: they stop it flagging what the service allows.
    private static readonly HashSet<string> Annotations =
        ["$schema", "$comment", "title", "description", "default", "examples", "allowComments", "allowTrailingCommas"];

    [TestCase("feeds")]
    [TestCase("topics")]
    public async Task ShippedFile_ValidatesAgainstItsSchema(string file)
    {
        var errors = await ConfigSchemas.SchemaErrorsAsync(file, await File.ReadAllTextAsync(ConfigSchemas.ConfigFile(file + ".json")));

        Assert.That(errors, Is.Empty);
    }

    [TestCase("feeds")]
    [TestCase("topics")]
    public void ShippedFile_NamesItsSchemaFirst(string file)
    {
        using var document = JsonDocument.Parse(ConfigSchemas.PlainJson(File.ReadAllText(ConfigSchemas.ConfigFile(file + ".json"))));
        var first = document.RootElement.EnumerateObject().First();

        Assert.That((first.Name, first.Value.GetString()), Is.EqualTo(("$schema", $"./{file}.schema.json")));
        // Editors resolve the reference against the file's own folder.
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(ConfigSchemas.ConfigFile(file + ".json"))!, first.Value.GetString()!)), Is.True);
    }

    [TestCase("feeds")]
    [TestCase("topics")]
    public void Schema_IsDraft202012(string file)
    {
        using var schema = ConfigSchemas.ReadSchema(file);

        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
    }

    [TestCase("feeds")]
    [TestCase("topics")]
    public void Schema_UsesOnlyKeywordsTheValidatorEnforces(string file)
    {
        using var schema = ConfigSchemas.ReadSchema(file);

        var unenforced = Subschemas(schema.RootElement, "#")
            .SelectMany(s => s.Schema.EnumerateObject()
                .Where(k => !Enforced.Contains(k.Name) && !Annotations.Contains(k.Name))
                .Select(k => $"{s.Path}/{k.Name}"));

        Assert.That(unenforced, Is.Empty);
    }

    [TestCase("feeds")]
    [TestCase("topics")]
    public void Schema_ObjectsRefuseUnknownFieldsAndEveryFieldHasHelp(string file)
    {
        using var schema = ConfigSchemas.ReadSchema(file);
        var objects = Subschemas(schema.RootElement, "#").Where(s => IsObject(s.Schema)).ToList();

        Assert.That(objects, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(objects.Where(s => !(s.Schema.TryGetProperty("additionalProperties", out var a) && a.ValueKind == JsonValueKind.False)).Select(s => s.Path), Is.Empty);
        Assert.That(objects.SelectMany(s => Fields(s.Schema).Where(f => !f.Value.TryGetProperty("description", out _)).Select(f => $"{s.Path}/{f.Name}")), Is.Empty);
    }

    [Test]
    public void FeedsSchema_FieldsAreTheFieldsTheServiceKnows()
    {
        using var schema = ConfigSchemas.ReadSchema("feeds");
        var feed = schema.RootElement.GetProperty("properties").GetProperty("feeds").GetProperty("items");

        Assert.That(Fields(feed).Select(f => f.Name), Is.EquivalentTo(KnownFields(typeof(FeedsFile))));
    }

    [Test]
    public void TopicsSchema_FieldsAreTheFieldsTheServiceKnows()
    {
        using var schema = ConfigSchemas.ReadSchema("topics");
        var topic = schema.RootElement.GetProperty("properties").GetProperty("topics").GetProperty("items");

        Assert.That(Fields(topic).Select(f => f.Name), Is.EquivalentTo(KnownFields(typeof(TopicsFile))));
    }

    [TestCase("feeds")]
    [TestCase("topics")]
    public void Schema_RootHoldsItsListAndMayNameTheSchema(string file)
    {
        using var schema = ConfigSchemas.ReadSchema(file);
        var root = schema.RootElement;

        Assert.That(Fields(root).Select(f => f.Name), Is.EquivalentTo(new[] { "$schema", "$comment", file }));
        Assert.That(root.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { file }));
    }

    /// <summary>The fields FeedsFile or TopicsFile accept: private, so read by reflection rather than copied here.</summary>
    private static IEnumerable<string> KnownFields(Type reader) =>
        (IEnumerable<string>)reader.GetField("KnownFields", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static bool IsObject(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object";

    private static IEnumerable<JsonProperty> Fields(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : [];

    /// <summary>Every schema in the document with its JSON Pointer; values of default and examples are data, not schemas.</summary>
    internal static IEnumerable<(string Path, JsonElement Schema)> Subschemas(JsonElement schema, string path)
    {
        yield return (path, schema);
        foreach (var keyword in schema.EnumerateObject())
        {
            IEnumerable<(string, JsonElement)> children = keyword.Name switch
            {
                "properties" => keyword.Value.EnumerateObject().Select(p => ($"{path}/properties/{p.Name}", p.Value)),
                "items" or "not" => [($"{path}/{keyword.Name}", keyword.Value)],
                "anyOf" or "allOf" => keyword.Value.EnumerateArray().Select((s, i) => ($"{path}/{keyword.Name}/{i}", s)),
                _ => [],
            };
            foreach (var (childPath, child) in children)
            {
                foreach (var descendant in Subschemas(child, childPath))
                {
                    yield return descendant;
                }
            }
        }
    }
}
