using System.Buffers;
using System.Text.Json;
using FeedAggregator.Publishing;

namespace FeedAggregator.Api;

/// <summary>
/// The stored normalised item (docs/parser.md) as the API gives it: its HTML was sanitised when it was stored, and its
/// addresses (links, enclosures, people's URIs, content sources, bases, icons) are put through
/// <see cref="WebLinks.Http"/> here, so an address that is not http or https never reaches a client that links it.
/// </summary>
internal static class ItemJson
{
    private static readonly HashSet<string> Addresses = new(StringComparer.Ordinal)
    {
        "link", "href", "url", "uri", "src", "comments", "icon", "logo", "docs", "base",
    };

    public static JsonElement WebSafe(string data)
    {
        using var stored = JsonDocument.Parse(data);
        var buffer = new ArrayBufferWriter<byte>(data.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, stored.RootElement);
        }

        using var safe = JsonDocument.Parse(buffer.WrittenMemory);
        return safe.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter json, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && Addresses.Contains(property.Name))
                    {
                        // An address that may not be published is left out, as absent values are.
                        if (WebLinks.Http(property.Value.GetString()) is { } address)
                        {
                            json.WriteString(property.Name, address);
                        }
                    }
                    else
                    {
                        json.WritePropertyName(property.Name);
                        Write(json, property.Value);
                    }
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var element in value.EnumerateArray())
                {
                    Write(json, element);
                }

                json.WriteEndArray();
                break;
            default:
                value.WriteTo(json);
                break;
        }
    }
}
