using System.Text.Json;
using FeedAggregator.Configuration;

namespace FeedAggregator.Sources;

/// <summary>A member of a JSON container by its byte positions: from its first byte (an object's <c>{</c>, a property's name) to just past its value.</summary>
internal sealed record JsonSpan(int Start, int End);

/// <summary>A property of a feed object: its name, where it starts, and where its value starts and ends.</summary>
internal sealed record JsonMember(string Name, int Start, int ValueStart, int End);

/// <summary>One element of the <c>"feeds"</c> array; <see cref="Close"/> is the index of its closing <c>}</c> (-1 when it is not an object).</summary>
internal sealed record FeedObject(int Start, int End, int Close, string? Id, IReadOnlyList<JsonMember> Members)
{
    public JsonSpan Span => new(Start, End);

    public JsonMember? Member(string name) => Members.LastOrDefault(m => m.Name == name);
}

/// <summary>
/// Where the parts of feeds.json that an edit touches lie in the file's own bytes: the <c>"feeds"</c> array's brackets,
/// each feed object and each of its properties. Read with <see cref="Utf8JsonReader"/> over the original bytes, with
/// comments read as tokens (and passed over), so every position is a position in the file as the operator wrote it.
/// </summary>
internal sealed class FeedsFileLayout
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Allow,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private FeedsFileLayout(int propertyStart, int open, int close, IReadOnlyList<FeedObject> feeds)
    {
        FeedsPropertyStart = propertyStart;
        ArrayOpen = open;
        ArrayClose = close;
        Feeds = feeds;
    }

    /// <summary>Where the <c>"feeds"</c> property's name starts: its line's indentation is the array's.</summary>
    public int FeedsPropertyStart { get; }

    public int ArrayOpen { get; }

    public int ArrayClose { get; }

    public IReadOnlyList<FeedObject> Feeds { get; }

    public FeedObject? Find(string id) => Feeds.FirstOrDefault(f => f.Id == id);

    /// <exception cref="ConfigException">The bytes are not JSON, or not an object with a <c>"feeds"</c> array.</exception>
    public static FeedsFileLayout Read(byte[] bytes, string displayName)
    {
        // A UTF-8 byte order mark is kept as it is; positions stay positions in the whole file.
        var offset = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return Scan(new Utf8JsonReader(bytes.AsSpan(offset), Options), offset)
                ?? throw new ConfigException([new ConfigError(displayName, "", "expected an object with a \"feeds\" array")]);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError(displayName, "", "not valid JSON: " + e.Message)]);
        }
    }

    private static FeedsFileLayout? Scan(Utf8JsonReader reader, int offset)
    {
        if (!Next(ref reader) || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        FeedsFileLayout? found = null;
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var propertyStart = offset + (int)reader.TokenStartIndex;
            var name = reader.GetString();
            Next(ref reader);
            if (name == "feeds" && reader.TokenType == JsonTokenType.StartArray)
            {
                // The last "feeds" wins, as it does for the reader that validates the file.
                found = ScanArray(ref reader, offset, propertyStart);
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }

    private static FeedsFileLayout ScanArray(ref Utf8JsonReader reader, int offset, int propertyStart)
    {
        var open = offset + (int)reader.TokenStartIndex;
        var feeds = new List<FeedObject>();
        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                feeds.Add(ScanObject(ref reader, offset));
            }
            else
            {
                var start = offset + (int)reader.TokenStartIndex;
                reader.Skip();
                feeds.Add(new FeedObject(start, offset + (int)reader.BytesConsumed, -1, null, []));
            }
        }

        return new FeedsFileLayout(propertyStart, open, offset + (int)reader.TokenStartIndex, feeds);
    }

    private static FeedObject ScanObject(ref Utf8JsonReader reader, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        var members = new List<JsonMember>();
        string? id = null;
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var memberStart = offset + (int)reader.TokenStartIndex;
            var name = reader.GetString()!;
            Next(ref reader);
            var valueStart = offset + (int)reader.TokenStartIndex;
            if (name == "id" && reader.TokenType == JsonTokenType.String)
            {
                id = reader.GetString();
            }

            reader.Skip();
            members.Add(new JsonMember(name, memberStart, valueStart, offset + (int)reader.BytesConsumed));
        }

        return new FeedObject(start, offset + (int)reader.BytesConsumed, offset + (int)reader.TokenStartIndex, id, members);
    }

    /// <summary>The next token that is not a comment; false at the end.</summary>
    private static bool Next(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.Comment)
            {
                return true;
            }
        }

        return false;
    }
}
