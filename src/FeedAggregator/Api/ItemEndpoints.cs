using System.Globalization;
using System.Text.Json;
using FeedAggregator.Publishing;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedAggregator.Api;

/// <summary>
/// <c>GET /api/items</c>: stored items newest first (or by relevance to <c>q</c>), filtered, in keyset pages;
/// <c>GET /api/items/{uid}</c>: one item whole, every source that carried its story, and its topics with why;
/// <c>GET /api/changes</c>: the change feed in sequence order (docs/store.md). Bad parameters are 400 problem details
/// naming the parameter.
/// </summary>
public static class ItemEndpoints
{
    public const int DefaultLimit = 50;

    private static readonly Dictionary<string, ItemOrder> Orders = new(StringComparer.Ordinal)
    {
        ["newest"] = ItemOrder.Newest,
        ["relevance"] = ItemOrder.Relevance,
    };

    private const string TimeFormat = "must be a date and time such as 2026-11-22T08:00:00Z";

    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/items", ListAsync)
            .WithName("ListItems")
            .WithSummary("Stored items, newest first or by relevance to q, filtered by topic, feed, tag, language and time")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        routes.MapGet("/api/items/{uid}", GetAsync)
            .WithName("GetItem")
            .WithSummary("One stored item, the sources that carried its story, and its topics with the reason for each");
        routes.MapGet("/api/changes", ChangesAsync)
            .WithName("ListChanges")
            .WithSummary("Changes after a sequence number, in order: items added, updated, removed, joining and leaving topics")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    /// <summary>An item as listed: its columns; <see cref="Rank"/> is the bm25 rank (lower is better) when ordered by relevance.</summary>
    public sealed record ItemView(
        string Id,
        string Feed,
        string? Link,
        string Title,
        string Summary,
        string? Author,
        IReadOnlyList<string> Categories,
        string? Language,
        DateTimeOffset? Published,
        DateTimeOffset? Updated,
        DateTimeOffset FirstSeen,
        DateTimeOffset SortAt,
        double? Rank)
    {
        internal static ItemView Of(StoredItem item, double? rank = null) => new(
            item.Uid, item.FeedId, WebLinks.Http(item.Link), item.Title, item.Summary, item.Author, item.Categories, item.Language,
            item.Published, item.Updated, item.FirstSeen, item.SortAt, rank);
    }

    /// <summary>A page of items; <see cref="Next"/> is the cursor of the next page and <see cref="NextUrl"/> the request for it (null on the last).</summary>
    public sealed record ItemsView(IReadOnlyList<ItemView> Items, string? Next, string? NextUrl);

    /// <summary>A page of changes; <see cref="Last"/> is the sequence to ask <c>after</c> next time (the same <c>after</c> when the page is empty).</summary>
    public sealed record ChangesView(IReadOnlyList<StoreChange> Changes, long Last, bool More, bool Expired);

    private static async Task<Results<Ok<ItemsView>, ProblemHttpResult>> ListAsync(
        HttpContext http, ItemQueries queries, FeedCatalog feeds, CancellationToken cancellationToken,
        string? topic = null, string? feed = null, string? tag = null, string? lang = null, string? q = null,
        string? since = null, string? until = null, string? limit = null, string? cursor = null, string? sort = null)
    {
        if (!TryTime(since, out var from))
        {
            return BadRequest("since", TimeFormat);
        }

        if (!TryTime(until, out var to))
        {
            return BadRequest("until", TimeFormat);
        }

        if (!TryLimit(limit, DefaultLimit, out var count))
        {
            return BadRequest("limit", $"must be a whole number from 1 to {ItemQueries.MaxLimit}");
        }

        ItemOrder? order = null;
        if (Blank(sort) is { } named)
        {
            if (!Orders.TryGetValue(named, out var known))
            {
                return BadRequest("sort", "must be 'newest' or 'relevance'");
            }

            order = known;
        }

        var filter = new ItemFilter
        {
            Topic = Blank(topic),
            Feed = Blank(feed),
            // Tags live in the feeds file: a tag stands for the feeds that have it now.
            Feeds = Blank(tag) is { } wanted
                ? [.. feeds.All.Where(f => f.Tags.Contains(wanted, StringComparer.OrdinalIgnoreCase)).Select(f => f.Id)]
                : null,
            Language = Blank(lang),
            Since = from,
            Until = to,
            Query = Blank(q),
            Order = order,
        };
        try
        {
            var page = await queries.ListAsync(filter, count, Blank(cursor), cancellationToken).ConfigureAwait(false);
            var next = page.Next is null ? null : NextUrl(http, page.Next);
            return TypedResults.Ok(new ItemsView([.. page.Items.Select(i => ItemView.Of(i.Item, i.Rank))], page.Next, next));
        }
        catch (StoreQueryException e)
        {
            return BadRequest(e.Parameter, e.Message);
        }
    }

    private static async Task<Results<JsonHttpResult<object>, ProblemHttpResult>> GetAsync(
        string uid, TopicItemStore store, ItemQueries queries, CancellationToken cancellationToken)
    {
        var detail = await store.ItemAsync(uid, cancellationToken).ConfigureAwait(false);
        if (detail is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such item", detail: $"no stored item has the id '{uid}'");
        }

        var item = detail.Item;
        var sources = await queries.SourcesAsync(uid, cancellationToken).ConfigureAwait(false) ?? [];
        object body = new
        {
            id = item.Uid,
            feed = item.FeedId,
            link = WebLinks.Http(item.Link),
            title = item.Title,
            summary = item.Summary,
            author = item.Author,
            categories = item.Categories,
            language = item.Language,
            published = item.Published,
            updated = item.Updated,
            firstSeen = item.FirstSeen,
            sortAt = item.SortAt,
            // Every stored item with the same canonical link, this one included, first seen first.
            sources = sources.Select(s => new { id = s.Uid, feed = s.FeedId, feedTitle = s.FeedTitle, link = WebLinks.Http(s.Link), title = s.Title, firstSeen = s.FirstSeen }),
            topics = detail.Topics.Select(t => new { topic = t.Topic, explanation = t.Explanation }),
            item = ItemJson.WebSafe(detail.Data),
        };
        return TypedResults.Json(body, TopicMatchJson.Options);
    }

    private static async Task<Results<Ok<ChangesView>, ProblemHttpResult>> ChangesAsync(
        ItemQueries queries, CancellationToken cancellationToken, string? after = null, string? limit = null)
    {
        if (!long.TryParse(after ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return BadRequest("after", "must be a sequence number, 0 or more");
        }

        if (!TryLimit(limit, 100, out var count))
        {
            return BadRequest("limit", $"must be a whole number from 1 to {ItemQueries.MaxLimit}");
        }

        try
        {
            var page = await queries.ChangesAsync(position, count, cancellationToken).ConfigureAwait(false);
            var last = page.Changes.Count > 0 ? page.Changes[^1].Seq : position;
            return TypedResults.Ok(new ChangesView(page.Changes, last, page.More, page.Expired));
        }
        catch (StoreQueryException e)
        {
            return BadRequest(e.Parameter, e.Message);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (Blank(text) is not { } given)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static bool TryLimit(string? text, int fallback, out int value)
    {
        value = fallback;
        return Blank(text) is not { } given
            || (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= ItemQueries.MaxLimit);
    }

    /// <summary>The same request with the next page's cursor, relative to the site root so it holds behind a proxy too.</summary>
    private static string NextUrl(HttpContext http, string cursor)
    {
        var query = http.Request.Query
            .Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"cursor={Uri.EscapeDataString(cursor)}");
        return $"{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
    }

    private static ProblemHttpResult BadRequest(string parameter, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Bad parameter '{parameter}'", detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
