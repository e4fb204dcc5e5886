using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FeedAggregator.Configuration;
using FeedAggregator.Tests.Support;
using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;

namespace FeedAggregator.Tests.Configuration;

/// <summary>docs/configuration.md keeps up with the code: a setting or a field added without its documentation fails here.</summary>
public sealed class ConfigurationDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "configuration.md"));

    [Test]
    public void Settings_AreFoundInEveryOptionsClass()
    {
        Assert.That(Settings().Select(s => s.Key), Is.SupersetOf(new[]
        {
            "Aggregator:DataDirectory", "Polling:MaxConcurrentPolls", "Fetching:Timeout", "Publishing:WebSubHub",
        }));
    }

    [Test]
    public void Docs_NameEverySetting()
    {
        Assert.That(Settings().Select(s => s.Key).Where(key => !Docs.Contains($"`{key}`", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Docs_GiveEverySettingsDefaultAndRange()
    {
        var wrong = new List<string>();
        foreach (var (key, value, range) in Settings())
        {
            var row = Docs.Split('\n').FirstOrDefault(line => line.StartsWith($"| `{key}` |", StringComparison.Ordinal));
            var expected = new[] { Default(value) }.Concat(range is null ? [] : [$"`{Text(range.Minimum)}`", $"`{Text(range.Maximum)}`"]);
            wrong.AddRange(expected.Where(text => row?.Contains(text, StringComparison.Ordinal) != true).Select(text => $"{key}: {text}"));
        }

        Assert.That(wrong, Is.Empty, "each setting has a table row '| `Section:Key` |' giving its default and range");
    }

    [TestCase("feeds")]
    [TestCase("topics")]
    public void Docs_NameEveryFieldOfTheSchema(string file)
    {
        using var schema = ConfigSchemas.ReadSchema(file);
        var fields = ConfigSchemaTests.Subschemas(schema.RootElement, "#")
            .Where(s => s.Schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object")
            .SelectMany(s => s.Schema.GetProperty("properties").EnumerateObject().Select(p => p.Name))
            .Distinct();

        Assert.That(fields.Where(name => !Docs.Contains($"`{name}`", StringComparison.Ordinal)), Is.Empty);
    }

    /// <summary>
    /// Every setting an operator can write: the public settable properties of each options class, that is, each class
    /// bound to a section of appsettings.json and naming it in a <c>Section</c> constant.
    /// </summary>
    private static IEnumerable<(string Key, object? Default, RangeAttribute? Range)> Settings() =>
        from type in typeof(AggregatorOptions).Assembly.GetTypes()
        where type.Name.EndsWith("Options", StringComparison.Ordinal)
        let section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
        where section is { IsLiteral: true } && section.FieldType == typeof(string)
        let defaults = Activator.CreateInstance(type)
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.SetMethod is { IsPublic: true }
        select ($"{section.GetRawConstantValue()}:{property.Name}", property.GetValue(defaults), property.GetCustomAttribute<RangeAttribute>());

    /// <summary>How the docs write a default: as it is written in appsettings.json, or "*(none)*" when there is none.</summary>
    private static string Default(object? value) => value switch
    {
        null or "" => "*(none)*",
        System.Collections.ICollection { Count: 0 } => "`[]`",
        _ => $"`{Text(value)}`",
    };

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
