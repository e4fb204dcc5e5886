namespace FeedAggregator.Parsing;

/// <summary>
/// What a feed says about itself; also an item's <c>source</c>. Lists are created on first use,
/// so a feed that lacks a field pays nothing for it.
/// </summary>
public sealed class FeedMetadata
{
    private List<FeedLink>? links;
    private List<Person>? authors;
    private List<Person>? contributors;
    private List<Category>? categories;

    public TextValue? Title { get; set; }

    public TextValue? Subtitle { get; set; }

    public TextValue? Rights { get; set; }

    public string? Link { get; set; }

    public IReadOnlyList<FeedLink> Links => links ?? (IReadOnlyList<FeedLink>)[];

    public string? Id { get; set; }

    public string? Language { get; set; }

    public FeedDate? Updated { get; set; }

    public FeedDate? Published { get; set; }

    public IReadOnlyList<Person> Authors => authors ?? (IReadOnlyList<Person>)[];

    public IReadOnlyList<Person> Contributors => contributors ?? (IReadOnlyList<Person>)[];

    public IReadOnlyList<Category> Categories => categories ?? (IReadOnlyList<Category>)[];

    public FeedImage? Image { get; set; }

    public string? Icon { get; set; }

    public string? Logo { get; set; }

    public Generator? Generator { get; set; }

    public int? Ttl { get; set; }

    public string? Docs { get; set; }

    internal List<FeedLink> LinkList => links ??= new(1);

    internal List<Person> AuthorList => authors ??= new(1);

    internal List<Person> ContributorList => contributors ??= new(1);

    internal List<Category> CategoryList => categories ??= new(1);
}

/// <summary>One item or entry as the feed described it, URLs already absolute.</summary>
public sealed class ParsedItem
{
    private List<ItemContent>? content;
    private List<FeedLink>? links;
    private List<Enclosure>? enclosures;
    private List<Person>? authors;
    private List<Person>? contributors;
    private List<Category>? categories;

    /// <summary>guid or id; when the feed gave none, a stable hash of the link, or of title plus content.</summary>
    public string? Id { get; set; }

    public bool IsPermaLink { get; set; }

    public TextValue? Title { get; set; }

    public TextValue? Summary { get; set; }

    public IReadOnlyList<ItemContent> Content => content ?? (IReadOnlyList<ItemContent>)[];

    public string? Link { get; set; }

    public IReadOnlyList<FeedLink> Links => links ?? (IReadOnlyList<FeedLink>)[];

    public IReadOnlyList<Enclosure> Enclosures => enclosures ?? (IReadOnlyList<Enclosure>)[];

    public FeedDate? Published { get; set; }

    public FeedDate? Updated { get; set; }

    public FeedDate? Created { get; set; }

    public IReadOnlyList<Person> Authors => authors ?? (IReadOnlyList<Person>)[];

    public IReadOnlyList<Person> Contributors => contributors ?? (IReadOnlyList<Person>)[];

    public IReadOnlyList<Category> Categories => categories ?? (IReadOnlyList<Category>)[];

    /// <summary>URL of the item's comments page (RSS <c>comments</c>).</summary>
    public string? Comments { get; set; }

    /// <summary>Number of comments, where the feed says (<c>slash:comments</c>).</summary>
    public int? CommentCount { get; set; }

    public TextValue? Rights { get; set; }

    public string? Language { get; set; }

    public FeedMetadata? Source { get; set; }

    internal List<ItemContent> ContentList => content ??= new(1);

    internal List<FeedLink> LinkList => links ??= new(1);

    internal List<Enclosure> EnclosureList => enclosures ??= new(1);

    internal List<Person> AuthorList => authors ??= new(1);

    internal List<Person> ContributorList => contributors ??= new(1);

    internal List<Category> CategoryList => categories ??= new(1);
}
