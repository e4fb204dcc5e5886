using System.Runtime.CompilerServices;

namespace FeedAggregator.Parsing;

/// <summary>The element names the parsers act on, across every vocabulary they read.</summary>
internal enum El
{
    Unknown,
    Rss, Rdf, Channel, Item, Feed, Entry,
    Title, Link, Description, Language, Copyright, ManagingEditor, WebMaster, PubDate, LastBuildDate, Category,
    Generator, Docs, Ttl, Image, Url, Width, Height, Guid, Author, Enclosure, Comments, Source,
    Encoded, Creator, Date, Subject, Rights, Publisher, Contributor,
    Id, Updated, Published, Issued, Modified, Created, Subtitle, Tagline, Info, Summary, Content, Icon, Logo, Name, Email, Uri,
    Thumbnail, Credit, Group, CommentRss, Keywords,
}

/// <summary>
/// Maps element local names to <see cref="El"/>, ignoring case (some generators write <c>&lt;Title&gt;</c>).
/// The reader atomises names, so each distinct name is looked up once per document and then found by reference.
/// </summary>
internal sealed class ElementNames
{
    private static readonly Dictionary<string, El> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rss"] = El.Rss, ["RDF"] = El.Rdf, ["channel"] = El.Channel, ["item"] = El.Item, ["feed"] = El.Feed, ["entry"] = El.Entry,
        ["title"] = El.Title, ["link"] = El.Link, ["description"] = El.Description, ["language"] = El.Language,
        ["copyright"] = El.Copyright, ["managingEditor"] = El.ManagingEditor, ["webMaster"] = El.WebMaster,
        ["pubDate"] = El.PubDate, ["lastBuildDate"] = El.LastBuildDate, ["category"] = El.Category,
        ["generator"] = El.Generator, ["docs"] = El.Docs, ["ttl"] = El.Ttl, ["image"] = El.Image, ["url"] = El.Url,
        ["width"] = El.Width, ["height"] = El.Height, ["guid"] = El.Guid, ["author"] = El.Author,
        ["enclosure"] = El.Enclosure, ["comments"] = El.Comments, ["source"] = El.Source, ["encoded"] = El.Encoded,
        ["creator"] = El.Creator, ["date"] = El.Date, ["subject"] = El.Subject, ["rights"] = El.Rights,
        ["publisher"] = El.Publisher, ["contributor"] = El.Contributor, ["id"] = El.Id, ["updated"] = El.Updated,
        ["published"] = El.Published, ["issued"] = El.Issued, ["modified"] = El.Modified, ["created"] = El.Created,
        ["subtitle"] = El.Subtitle, ["tagline"] = El.Tagline, ["info"] = El.Info, ["summary"] = El.Summary,
        ["content"] = El.Content, ["icon"] = El.Icon, ["logo"] = El.Logo, ["name"] = El.Name, ["email"] = El.Email,
        ["uri"] = El.Uri, ["thumbnail"] = El.Thumbnail, ["credit"] = El.Credit, ["group"] = El.Group,
        ["commentRss"] = El.CommentRss, ["keywords"] = El.Keywords,
    };

    private const int Slots = 64;

    private readonly Dictionary<string, El> seen = new(ReferenceEqualityComparer.Instance);
    private readonly string?[] slotNames = new string?[Slots];
    private readonly El[] slotValues = new El[Slots];

    public El Of(string localName)
    {
        // A direct-mapped cache on the object's identity answers the common names before the dictionary.
        var slot = RuntimeHelpers.GetHashCode(localName) & (Slots - 1);
        if (ReferenceEquals(slotNames[slot], localName))
        {
            return slotValues[slot];
        }

        if (!seen.TryGetValue(localName, out var name))
        {
            name = Known.TryGetValue(localName, out var found) ? found : El.Unknown;
            seen[localName] = name;
        }

        slotNames[slot] = localName;
        slotValues[slot] = name;
        return name;
    }
}
