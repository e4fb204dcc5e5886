namespace FeedAggregator.Parsing;

/// <summary>The vocabularies a feed element can belong to; elements are matched by namespace URI, whatever the prefix.</summary>
internal enum Vocabulary
{
    /// <summary>No namespace: RSS 0.9x/2.0, and RSS 1.0 written without its namespace.</summary>
    Rss,
    Atom10,
    Atom03,
    Rdf,
    DublinCore,
    Content,
    Media,
    ITunes,
    Slash,
    Wfw,
    Xhtml,
    Xml,
    Other,
}

/// <summary>Namespace URIs and the usual wrong spellings of them that feeds carry.</summary>
internal static class XmlNames
{
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rss10 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string Media = "http://search.yahoo.com/mrss/";
    public const string ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public const string Slash = "http://purl.org/rss/1.0/modules/slash/";
    public const string Wfw = "http://wellformedweb.org/CommentAPI/";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";

    private static readonly Dictionary<string, Vocabulary> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = Vocabulary.Rss,
        [Rss10] = Vocabulary.Rss,
        ["http://purl.org/rss/1.0"] = Vocabulary.Rss,
        [Rss090] = Vocabulary.Rss,
        ["http://backend.userland.com/rss2"] = Vocabulary.Rss,
        ["http://blogs.law.harvard.edu/tech/rss"] = Vocabulary.Rss,
        [Atom10] = Vocabulary.Atom10,
        ["http://www.w3.org/2005/Atom/"] = Vocabulary.Atom10,
        [Atom03] = Vocabulary.Atom03,
        ["http://purl.org/atom/ns"] = Vocabulary.Atom03,
        ["http://example.com/newformat#"] = Vocabulary.Atom03,
        [Rdf] = Vocabulary.Rdf,
        [DublinCore] = Vocabulary.DublinCore,
        ["http://purl.org/dc/elements/1.1"] = Vocabulary.DublinCore,
        ["http://purl.org/dc/terms/"] = Vocabulary.DublinCore,
        [Content] = Vocabulary.Content,
        [Media] = Vocabulary.Media,
        ["http://search.yahoo.com/mrss"] = Vocabulary.Media,
        ["http://video.search.yahoo.com/mrss"] = Vocabulary.Media,
        ["http://video.search.yahoo.com/mrss/"] = Vocabulary.Media,
        [ITunes] = Vocabulary.ITunes,
        ["http://www.itunes.com/DTDs/Podcast-1.0.dtd"] = Vocabulary.ITunes,
        [Slash] = Vocabulary.Slash,
        [Wfw] = Vocabulary.Wfw,
        ["http://wellformedweb.org/CommentAPI"] = Vocabulary.Wfw,
        [Xhtml] = Vocabulary.Xhtml,
        [Xml] = Vocabulary.Xml,
    };

    /// <summary>
    /// Classifies a namespace URI. The reader hands out atomised strings, so a few entries keyed by reference answer
    /// almost every call without hashing, even where namespaces alternate (an RSS item's <c>dc:creator</c>).
    /// </summary>
    internal sealed class Classifier
    {
        private const int Slots = 4;
        private readonly string?[] uris = new string?[Slots];
        private readonly Vocabulary[] vocabularies = new Vocabulary[Slots];
        private int next;

        public Vocabulary Of(string namespaceUri)
        {
            for (var i = 0; i < Slots; i++)
            {
                if (ReferenceEquals(uris[i], namespaceUri))
                {
                    return vocabularies[i];
                }
            }

            var vocabulary = Known.TryGetValue(namespaceUri, out var known) ? known : Vocabulary.Other;
            uris[next] = namespaceUri;
            vocabularies[next] = vocabulary;
            next = (next + 1) % Slots;
            return vocabulary;
        }
    }
}
