using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedAggregator.Topics;

/// <summary>The stored and served form of a <see cref="MatchExplanation"/> (docs/topics.md): camelCase, nulls left out.</summary>
public static class TopicMatchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(MatchExplanation explanation) => JsonSerializer.Serialize(explanation, Options);

    public static MatchExplanation? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<MatchExplanation>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
