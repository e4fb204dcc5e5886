using AngleSharp.Html.Parser;

namespace FeedAggregator.Sources;

/// <summary>A feed that a web page links to, with the type and title its link gives.</summary>
internal sealed record DiscoveredFeed(Uri Url, string Type, string? Title)
{
    public override string ToString() => string.IsNullOrWhiteSpace(Title) ? $"{Url} ({Type})" : $"{Url} ({Type}, \"{Title.Trim()}\")";
}

/// <summary>
/// Feed autodiscovery: the feeds an HTML page names in <c>&lt;link rel="alternate" type="…" href="…"&gt;</c>
/// (https://www.rssboard.org/rss-autodiscovery; JSON Feed 1.1 "Discovery", https://www.jsonfeed.org/version/1.1/).
/// Relative links are read against the page's <c>&lt;base href&gt;</c>, itself read against the page's URL.
/// </summary>
internal static class FeedDiscovery
{
    private static readonly HashSet<string> FeedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
    };

    /// <param name="page">The page's bytes; AngleSharp finds their encoding as a browser would (byte order mark, meta charset).</param>
    /// <param name="pageUrl">The URL the page was finally served from, after redirects.</param>
    public static IReadOnlyList<DiscoveredFeed> Find(byte[] page, Uri pageUrl)
    {
        using var stream = new MemoryStream(page, writable: false);
        using var document = new HtmlParser().ParseDocument(stream);
        var baseUrl = pageUrl;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } href && Uri.TryCreate(pageUrl, href.Trim(), out var declared))
        {
            baseUrl = declared;
        }

        var found = new List<DiscoveredFeed>();
        foreach (var link in document.QuerySelectorAll("link[rel][type][href]"))
        {
            var rel = link.GetAttribute("rel")!.Split((char[])[' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);
            var type = link.GetAttribute("type")!.Split(';')[0].Trim();
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase) || !FeedTypes.Contains(type)
                || !Uri.TryCreate(baseUrl, link.GetAttribute("href")!.Trim(), out var url)
                || !(url.Scheme is "http" or "https" || url.Scheme == pageUrl.Scheme))
            {
                continue;
            }

            if (found.All(f => f.Url != url))
            {
                found.Add(new DiscoveredFeed(url, type.ToLowerInvariant(), link.GetAttribute("title")));
            }
        }

        return found;
    }
}
