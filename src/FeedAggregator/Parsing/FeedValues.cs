namespace FeedAggregator.Parsing;

/// <summary>
/// What every text construct holds: its text (as UTF-8, <see cref="FeedText"/>; <see cref="Value"/> makes the string on
/// first use), its media type, language and the base URI against which URLs inside its markup resolve.
/// </summary>
public abstract record TextConstruct
{
    protected TextConstruct(FeedText text, string type, string? lang, string? @base)
    {
        Text = text;
        Type = type;
        Lang = lang;
        Base = @base;
    }

    public FeedText Text { get; init; }

    public string Value
    {
        get => Text.ToString();
        init => Text = FeedText.Of(value);
    }

    public string Type { get; init; }

    public string? Lang { get; init; }

    /// <summary>The base URI in effect where the text stood, against which URLs inside its markup resolve.</summary>
    public string? Base { get; init; }
}

/// <summary>A text construct that keeps its media type: text/plain, text/html or application/xhtml+xml (RFC 4287 §3.1).</summary>
public sealed record TextValue : TextConstruct
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Xhtml = "application/xhtml+xml";

    public TextValue(string value, string type = Plain, string? lang = null, string? @base = null)
        : this(FeedText.Of(value), type, lang, @base)
    {
    }

    public TextValue(FeedText text, string type = Plain, string? lang = null, string? @base = null)
        : base(text, type, lang, @base)
    {
    }
}

/// <summary>An item's content: a text construct that may instead point at its content (<see cref="Src"/>, RFC 4287 §4.1.3).</summary>
public sealed record ItemContent : TextConstruct
{
    public ItemContent(string value, string type, string? lang = null, string? @base = null, string? src = null)
        : this(FeedText.Of(value), type, lang, @base, src)
    {
    }

    public ItemContent(FeedText text, string type, string? lang = null, string? @base = null, string? src = null)
        : base(text, type, lang, @base) => Src = src;

    public string? Src { get; init; }
}

/// <summary>A date as the feed wrote it, and as UTC when it could be read. <paramref name="ZoneAssumed"/>: the text had no zone and was read as UTC.</summary>
public sealed record FeedDate(string Raw, DateTimeOffset? Utc, bool ZoneAssumed = false);

public sealed record Person(string? Name, string? Email, string? Uri);

public sealed record Category(string Term, string? Scheme = null, string? Label = null);

public sealed record FeedLink(string Href, string? Rel = null, string? Type = null, string? Title = null, long? Length = null, string? HrefLang = null);

public sealed record Enclosure(string Url, string? Type = null, long? Length = null);

public sealed record FeedImage(string? Url, string? Title = null, string? Link = null, int? Width = null, int? Height = null);

public sealed record Generator(string? Name, string? Uri = null, string? Version = null);
