using System.Text.Json;

namespace FeedAggregator.Configuration;

/// <summary>
/// Where each value of a JSON document starts, by path (<c>feeds[3].url</c>), as a 1-based line and column.
/// <see cref="JsonDocument"/> keeps no positions, so the document is walked once more with a reader that does.
/// </summary>
internal sealed class JsonLocations
{
    private readonly Dictionary<string, (int Line, int Column)> places = new(StringComparer.Ordinal);

    public static readonly JsonLocations None = new();

    private JsonLocations()
    {
    }

    public static JsonLocations Of(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var locations = new JsonLocations();
        var reader = new Utf8JsonReader(json, options);
        var path = new List<Step>();
        var (line, column, scanned) = (1, 1, 0);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    path.Add(new Step(reader.GetString()!, -1));
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    path.RemoveAt(path.Count - 1);
                    Advance(path);
                    continue;
                }

                (line, column, scanned) = Move(json, scanned, (int)reader.TokenStartIndex, line, column);
                locations.places.TryAdd(Text(path), (line, column));
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    path.Add(new Step(null, reader.TokenType == JsonTokenType.StartArray ? 0 : -1));
                }
                else
                {
                    Advance(path);
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error is reported by the document parser; the places found before it still serve.
        }

        return locations;
    }

    /// <summary>The place of the value at <paramref name="path"/>, or of its nearest enclosing value that has one.</summary>
    public (int Line, int Column)? Find(string path)
    {
        while (true)
        {
            if (places.TryGetValue(path, out var place))
            {
                return place;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return places.TryGetValue("", out var root) ? root : null;
            }

            path = path[..cut];
        }
    }

    // After a value: a property step is done with; an array step moves to its next element.
    private static void Advance(List<Step> path)
    {
        if (path.Count == 0)
        {
            return;
        }

        var last = path[^1];
        if (last.Name is not null)
        {
            path.RemoveAt(path.Count - 1);
        }
        else if (last.Index >= 0)
        {
            path[^1] = last with { Index = last.Index + 1 };
        }
    }

    private static string Text(List<Step> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var step in path)
        {
            if (step.Name is not null)
            {
                text.Append(text.Length == 0 ? "" : ".").Append(step.Name);
            }
            else if (step.Index >= 0)
            {
                text.Append('[').Append(step.Index).Append(']');
            }
        }

        return text.ToString();
    }

    /// <summary>Counts lines and characters (not bytes: UTF-8 continuation bytes do not move the column) up to <paramref name="to"/>.</summary>
    private static (int Line, int Column, int Scanned) Move(ReadOnlySpan<byte> json, int from, int to, int line, int column)
    {
        for (var i = from; i < to; i++)
        {
            var b = json[i];
            if (b == (byte)'\n')
            {
                (line, column) = (line + 1, 1);
            }
            else if ((b & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column, to);
    }

    private readonly record struct Step(string? Name, int Index);
}
