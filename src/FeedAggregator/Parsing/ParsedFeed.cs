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

/// <summary>What the parser made of one document. <see cref="Format"/> is null when the document is not a feed.</summary>
public sealed class ParsedFeed
{
    private List<string>? problems;

    public FeedFormat? Format { get; set; }

    /// <summary>False when the document had to be repaired or was cut short; <see cref="Problems"/> says why.</summary>
    public bool WellFormed { get; set; } = true;

    public IReadOnlyList<string> Problems => problems ?? (IReadOnlyList<string>)[];

    /// <summary>The character encoding the bytes were read in, by its web name (<c>utf-8</c>, <c>windows-1251</c>).</summary>
    public string? Encoding { get; set; }

    public FeedMetadata Feed { get; set; } = new();

    public List<ParsedItem> Items { get; } = [];

    public bool IsFeed => Format is not null;

    /// <summary>True when the document was read straight from its UTF-8 bytes by <see cref="Utf8XmlReader"/>.</summary>
    internal bool ReadFromUtf8 { get; set; }

    internal void AddProblem(string problem) => (problems ??= []).Add(problem);

    internal static ParsedFeed NotAFeed(string reason, string? encoding = null)
    {
        var feed = new ParsedFeed { WellFormed = false, Encoding = encoding };
        feed.AddProblem("not a feed: " + reason);
        return feed;
    }
}
