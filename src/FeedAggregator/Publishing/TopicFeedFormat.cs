namespace FeedAggregator.Publishing;

/// <summary>The three formats every topic feed is published in, all written from one <see cref="TopicFeed"/>.</summary>
public enum TopicFeedFormat
{
    Rss,
    Atom,
    Json,
}

public static class TopicFeedFormats
{
    public static readonly IReadOnlyList<TopicFeedFormat> All = [TopicFeedFormat.Rss, TopicFeedFormat.Atom, TopicFeedFormat.Json];

    public static string Extension(this TopicFeedFormat format) => format switch
    {
        TopicFeedFormat.Atom => "atom",
        TopicFeedFormat.Json => "json",
        _ => "rss",
    };

    /// <summary>The name a reader knows the format by, for subscribe links.</summary>
    public static string DisplayName(this TopicFeedFormat format) => format switch
    {
        TopicFeedFormat.Atom => "Atom",
        TopicFeedFormat.Json => "JSON Feed",
        _ => "RSS",
    };

    /// <summary>The media type without parameters, as autodiscovery links and OPML name it.</summary>
    public static string MediaType(this TopicFeedFormat format) => format switch
    {
        TopicFeedFormat.Atom => "application/atom+xml",
        TopicFeedFormat.Json => "application/feed+json",
        _ => "application/rss+xml",
    };

    public static string ContentType(this TopicFeedFormat format) => format switch
    {
        TopicFeedFormat.Atom => "application/atom+xml; charset=utf-8",
        TopicFeedFormat.Json => "application/feed+json; charset=utf-8",
        _ => "application/rss+xml; charset=utf-8",
    };

    public static TopicFeedFormat? FromExtension(string extension) => extension switch
    {
        "rss" => TopicFeedFormat.Rss,
        "atom" => TopicFeedFormat.Atom,
        "json" => TopicFeedFormat.Json,
        _ => null,
    };

    /// <summary>
    /// The format an <c>Accept</c> header prefers (RFC 9110 §12.5.1: highest q first, then the more specific type, then
    /// our order); RSS when it names none of ours or when there is no header. Null when it refuses what it would get (406).
    /// </summary>
    public static TopicFeedFormat? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return TopicFeedFormat.Rss;
        }

        var best = (Format: (TopicFeedFormat?)null, Quality: 0.0, Specific: 0);
        var refused = new HashSet<TopicFeedFormat>();
        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';');
            var type = parts[0].Trim().ToLowerInvariant();
            var quality = 1.0;
            foreach (var parameter in parts.Skip(1))
            {
                var pair = parameter.Split('=', 2);
                if (pair.Length == 2 && pair[0].Trim() == "q"
                    && double.TryParse(pair[1].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
                {
                    quality = Math.Clamp(q, 0, 1);
                }
            }

            foreach (var (format, specific) in Candidates(type))
            {
                if (quality == 0)
                {
                    refused.Add(format);
                }
                else if (quality > best.Quality || (quality == best.Quality && specific > best.Specific))
                {
                    best = (format, quality, specific);
                }
            }
        }

        if (best.Format is { } chosen && !refused.Contains(chosen))
        {
            return chosen;
        }

        return refused.Count == 0 ? TopicFeedFormat.Rss : null;
    }

    private static IEnumerable<(TopicFeedFormat Format, int Specific)> Candidates(string type) => type switch
    {
        "application/rss+xml" => [(TopicFeedFormat.Rss, 3)],
        "application/atom+xml" => [(TopicFeedFormat.Atom, 3)],
        "application/feed+json" => [(TopicFeedFormat.Json, 3)],
        "application/json" => [(TopicFeedFormat.Json, 2)],
        "application/xml" or "text/xml" => [(TopicFeedFormat.Rss, 2)],
        "application/*" or "*/*" => [(TopicFeedFormat.Rss, 1)],
        _ => [],
    };
}
