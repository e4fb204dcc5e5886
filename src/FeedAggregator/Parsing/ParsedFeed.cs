namespace FeedAggregator.Parsing;

/// <summary>The formats the parser recognises, named as in the normalised JSON (<c>rss20</c>, <c>atom10</c> …).</summary>
public enum FeedFormat
{
    Rss090,
    Rss091,
    Rss092,
    Rss093,
    Rss094,
    Rss20,
    Rss10,
    Atom03,
    Atom10,
    Json10,
    Json11,
}

/// <summary>A text construct that keeps its media type: text/plain, text/html or application/xhtml+xml.</summary>
public sealed record TextValue(string Value, string Type = TextValue.Plain, string? Lang = null)
{
    public const string Plain = "text/plain";
    public const string Html = "text/html";
    public const string Xhtml = "application/xhtml+xml";
}

/// <summary>A date as the feed wrote it, and as UTC when it could be read.</summary>
public sealed record FeedDate(string Raw, DateTimeOffset? Utc);

public sealed record Person(string? Name, string? Email, string? Uri);

public sealed record Category(string Term, string? Scheme, string? Label);

public sealed record FeedLink(string Href, string? Rel, string? Type, string? Title);

public sealed record Enclosure(string Url, string? Type, long? Length);

/// <summary>One item or entry exactly as the feed described it, URLs already absolute.</summary>
public sealed record ParsedItem
{
    public string? Id { get; init; }

    public bool IsPermaLink { get; init; }

    public TextValue? Title { get; init; }

    public TextValue? Summary { get; init; }

    public TextValue? Content { get; init; }

    public string? Link { get; init; }

    public IReadOnlyList<FeedLink> Links { get; init; } = [];

    public IReadOnlyList<Enclosure> Enclosures { get; init; } = [];

    public FeedDate? Published { get; init; }

    public FeedDate? Updated { get; init; }

    public IReadOnlyList<Person> Authors { get; init; } = [];

    public IReadOnlyList<Category> Categories { get; init; } = [];

    public string? Comments { get; init; }

    public string? Language { get; init; }
}

/// <summary>What the parser made of one document. <see cref="Format"/> is null when the document is not a feed.</summary>
public sealed record ParsedFeed
{
    public FeedFormat? Format { get; init; }

    public bool WellFormed { get; init; } = true;

    public IReadOnlyList<string> Problems { get; init; } = [];

    public TextValue? Title { get; init; }

    public TextValue? Subtitle { get; init; }

    public string? Link { get; init; }

    public string? Id { get; init; }

    public string? Language { get; init; }

    public FeedDate? Updated { get; init; }

    public string? Generator { get; init; }

    public int? Ttl { get; init; }

    public IReadOnlyList<ParsedItem> Items { get; init; } = [];

    public bool IsFeed => Format is not null;
}
