using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FeedAggregator.Storage;

/// <summary>The order of an item listing: newest first, or by relevance to the full-text query.</summary>
public enum ItemOrder
{
    Newest,
    Relevance,
}

/// <summary>
/// What an item listing keeps; every filter given must hold. <see cref="Feeds"/> is how a tag is asked for: tags live in
/// the operators' feeds file, so the caller resolves the tag to its feeds (an empty set matches nothing).
/// <see cref="Language"/> matches the item's language or any more specific one ("ru" takes "ru-RU").
/// <see cref="Since"/> is inclusive and <see cref="Until"/> exclusive, both on the sort time.
/// <see cref="Query"/> is FTS5 query syntax (https://sqlite.org/fts5.html#full_text_query_syntax).
/// </summary>
public sealed record ItemFilter
{
    public string? Topic { get; init; }

    public string? Feed { get; init; }

    public IReadOnlyCollection<string>? Feeds { get; init; }

    public string? Language { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public string? Query { get; init; }

    /// <summary>Relevance when a query is given, else newest first; relevance without a query is refused.</summary>
    public ItemOrder? Order { get; init; }

    internal ItemOrder EffectiveOrder => Order ?? (Query is null ? ItemOrder.Newest : ItemOrder.Relevance);
}

/// <summary>An item of a listing: its columns, its JSON (docs/parser.md) and, ordered by relevance, its bm25 rank (lower is better).</summary>
public sealed record ListedItem(StoredItem Item, string Data, double? Rank);

/// <summary>A page of items and the opaque cursor of the next page (null on the last).</summary>
public sealed record ItemsPage(IReadOnlyList<ListedItem> Items, string? Next);

/// <summary>
/// A listing request the store cannot answer as asked: a malformed full-text query, a cursor it did not write, a limit
/// out of range. <see cref="Parameter"/> names the request parameter at fault; the message says what is wrong and is
/// fit to show (an HTTP API answers 400 with it).
/// </summary>
public sealed class StoreQueryException(string parameter, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Parameter { get; } = parameter;
}

/// <summary>
/// Where a page ends, written into the opaque cursor. Newest first: the last item's (sort time, id). By relevance: the
/// newest item id when the first page was read (later items stay out of later pages) and the last item's (rank, id).
/// </summary>
internal sealed record ItemCursor(ItemOrder Order, string? SortAt, long? MaxId, double? Rank, long Id)
{
    public string Encode()
    {
        var text = Order == ItemOrder.Newest
            ? $"n|{SortAt}|{Id.ToString(CultureInfo.InvariantCulture)}"
            : string.Create(CultureInfo.InvariantCulture, $"r|{MaxId}|{BitConverter.DoubleToInt64Bits(Rank!.Value)}|{Id}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static ItemCursor Decode(string cursor, ItemOrder expected)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
        }
        catch (FormatException e)
        {
            throw Invalid(e);
        }

        var order = parts[0] switch { "n" when parts.Length == 3 => ItemOrder.Newest, "r" when parts.Length == 4 => ItemOrder.Relevance, _ => throw Invalid() };
        if (order != expected)
        {
            throw new StoreQueryException("cursor", "the cursor belongs to a listing in another order; start again without it");
        }

        if (order == ItemOrder.Newest)
        {
            return parts[1].Length == 24 && Long(parts[2]) is { } id ? new ItemCursor(order, parts[1], null, null, id) : throw Invalid();
        }

        return Long(parts[1]) is { } max && Long(parts[2]) is { } bits && Long(parts[3]) is { } last
            ? new ItemCursor(order, null, max, BitConverter.Int64BitsToDouble(bits), last)
            : throw Invalid();
    }

    private static long? Long(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static StoreQueryException Invalid(Exception? inner = null) =>
        new("cursor", "the cursor is not one this store wrote; use the 'next' cursor of a page as it was given", inner);
}
