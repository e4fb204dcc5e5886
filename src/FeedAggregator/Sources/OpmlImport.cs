using System.Globalization;

namespace FeedAggregator.Sources;

/// <summary>What importing an OPML file comes to: the feeds to add, and the outlines skipped, each with the reason.</summary>
internal sealed record OpmlImportPlan(IReadOnlyList<NewFeed> Added, IReadOnlyList<string> Duplicates, IReadOnlyList<string> Invalid);

/// <summary>
/// Decides, outline by outline, what an OPML import adds to feeds.json. A URL already configured, or met earlier in the
/// file, is a duplicate; an outline without an absolute http(s) URL is invalid; both are skipped and reported. Ids are
/// our own exported <c>feedaggregator:id</c> when it is a free slug, otherwise made from the title, unique either way.
/// </summary>
internal static class OpmlImport
{
    /// <param name="step">Told of each outline's fate as it is decided, one line each.</param>
    public static OpmlImportPlan Plan(IReadOnlyList<OpmlOutline> outlines, IReadOnlyList<FeedSource> existing, Action<string> step)
    {
        var ids = new HashSet<string>(existing.Select(f => f.Id), StringComparer.Ordinal);
        var configured = existing.GroupBy(f => f.Url).ToDictionary(g => g.Key, g => g.First().Id);
        var inFile = new Dictionary<Uri, string>();
        var added = new List<NewFeed>();
        var duplicates = new List<string>();
        var invalid = new List<string>();
        foreach (var outline in outlines)
        {
            var name = $"\"{outline.Name}\"";
            if (string.IsNullOrEmpty(outline.XmlUrl))
            {
                Skip(invalid, $"{name}: no xmlUrl", "invalid");
            }
            else if (!Uri.TryCreate(outline.XmlUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                Skip(invalid, $"{name}: '{outline.XmlUrl}' is not an absolute http or https URL", "invalid");
            }
            else if (configured.TryGetValue(url, out var id))
            {
                Skip(duplicates, $"{name}: {url} is already configured as feed '{id}'", "skipped");
            }
            else if (inFile.TryGetValue(url, out var earlier))
            {
                Skip(duplicates, $"{name}: {url} appears earlier in the file as \"{earlier}\"", "skipped");
            }
            else
            {
                inFile[url] = outline.Name;
                var wanted = outline.Id is { } own && FeedsFile.Slug().IsMatch(own) ? own : FeedIds.FromTitle(outline.Title, url);
                var feed = new NewFeed(FeedIds.Unique(wanted, ids.Contains), outline.XmlUrl, outline.Title,
                    IsLanguage(outline.Language) ? outline.Language : null, Tags: outline.Tags);
                ids.Add(feed.Id);
                added.Add(feed);
                var ignored = outline.Language is not null && feed.Language is null ? $" (language '{outline.Language}' is not a language code: left out)" : "";
                step($"added {feed.Id}: {url}{ignored}");
            }
        }

        return new OpmlImportPlan(added, duplicates, invalid);

        void Skip(List<string> list, string reason, string verb)
        {
            list.Add(reason);
            step($"{verb} {reason}");
        }
    }

    /// <summary>The same test as feeds.json's, so that one bad language attribute does not refuse the whole import.</summary>
    private static bool IsLanguage(string? code)
    {
        if (code is null)
        {
            return false;
        }

        try
        {
            return !string.IsNullOrEmpty(CultureInfo.GetCultureInfo(code, predefinedOnly: true).Name);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
