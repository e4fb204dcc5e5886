namespace FeedAggregator.Parsing;

/// <summary>A text construct that keeps its media type: text/plain, text/html or application/xhtml+xml (RFC 4287 §3.1).</summary>
/// <param name="Base">The base URI in effect where the text stood, against which URLs inside its markup resolve.</param>
public sealed record TextValue(string Value, string Type = TextValue.Plain, string? Lang = null, string? Base = null)
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Xhtml = "application/xhtml+xml";
}

/// <summary>An item's content: a text construct that may instead point at its content (<paramref name="Src"/>, RFC 4287 §4.1.3).</summary>
public sealed record ItemContent(string Value, string Type, string? Lang = null, string? Base = null, string? Src = null);

/// <summary>A date as the feed wrote it, and as UTC when it could be read. <paramref name="ZoneAssumed"/>: the text had no zone and was read as UTC.</summary>
public sealed record FeedDate(string Raw, DateTimeOffset? Utc, bool ZoneAssumed = false);

public sealed record Person(string? Name, string? Email, string? Uri);

public sealed record Category(string Term, string? Scheme = null, string? Label = null);

public sealed record FeedLink(string Href, string? Rel = null, string? Type = null, string? Title = null, long? Length = null, string? HrefLang = null);

public sealed record Enclosure(string Url, string? Type = null, long? Length = null);

public sealed record FeedImage(string? Url, string? Title = null, string? Link = null, int? Width = null, int? Height = null);

public sealed record Generator(string? Name, string? Uri = null, string? Version = null);
