using System.Globalization;
using System.Text;

namespace FeedAggregator.Normalising;

internal static partial class HtmlSanitizer
{
    // Trackers that feed services put into items, matched anywhere in the absolute image address: FeedBurner's
    // per-item pixel (~r) and FeedFlare buttons (~ff), Feedsportal, WordPress.com stats, DoubleClick ad pixels.
    private static readonly string[] TrackerAddresses =
    [
        "feeds.feedburner.com/~r/",
        "/~ff/",
        "feedsportal.com",
        "pixel.wp.com",
        "stats.wordpress.com",
        "doubleclick.net",
    ];

    /// <summary>
    /// The address as we may republish it, or null when it must go: trimmed and cleaned of tabs and newlines the way
    /// browsers do, scheme allowed for its use, relative ones resolved against the base.
    /// </summary>
    private static string? CleanUrl(string raw, AttributeKind kind, Uri? baseUri)
    {
        var span = raw.AsSpan();
        var first = 0;
        var end = span.Length;
        while (first < end && span[first] <= ' ')
        {
            first++;
        }

        while (end > first && span[end - 1] <= ' ')
        {
            end--;
        }

        if (first == end)
        {
            return null;
        }

        span = span[first..end];
        string url;
        if (span.IndexOfAny('\t', '\n', '\r') >= 0)
        {
            var cleaned = new StringBuilder(span.Length);
            foreach (var c in span)
            {
                if (c is not ('\t' or '\n' or '\r'))
                {
                    cleaned.Append(c);
                }
            }

            url = cleaned.ToString();
        }
        else
        {
            url = span.Length == raw.Length ? raw : span.ToString();
        }

        // Whatever precedes a colon that comes before any '/', '?' or '#' is a scheme to a browser, or may become one:
        // only exact allowed schemes pass, so "java\0script:" and "&#1;javascript:" go with "javascript:".
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var delimiter = url.AsSpan().IndexOfAny('/', '?', '#');
        if (colon >= 0 && (delimiter < 0 || colon < delimiter))
        {
            var scheme = url.AsSpan(0, colon);
            if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && IsHttp(absolute) && absolute.Host.Length > 0
                    ? absolute.AbsoluteUri
                    : null;
            }

            if (kind == AttributeKind.Link && scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase))
            {
                return url;
            }

            if (kind == AttributeKind.ImageSource && scheme.Equals("data", StringComparison.OrdinalIgnoreCase) && IsRasterImageData(url.AsSpan(colon + 1)))
            {
                return url;
            }

            return null;
        }

        if (baseUri is null)
        {
            return url;
        }

        // The resolved address is checked again: .NET reads "\\host\share" as a file path, browsers as a network path.
        return Uri.TryCreate(baseUri, url, out var resolved) && IsHttp(resolved) ? resolved.AbsoluteUri : null;
    }

    /// <summary>data: images are fine unless SVG, which can carry script.</summary>
    private static bool IsRasterImageData(ReadOnlySpan<char> afterScheme)
    {
        var comma = afterScheme.IndexOf(',');
        if (comma < 0)
        {
            return false;
        }

        var mediaType = afterScheme[..comma];
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        mediaType = mediaType.Trim();
        return mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && mediaType.Length > "image/".Length
            && !mediaType.Contains("svg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>srcset with every candidate's address cleaned; candidates that fail go, and the attribute with the last.</summary>
    private static string? CleanSrcSet(string value, Uri? baseUri)
    {
        StringBuilder? result = null;
        var i = 0;

        // Real image sets list a handful of sizes; a hostile one of 300,000 candidates cost a gigabyte of addresses.
        for (var candidates = 0; candidates < MaxSrcSetCandidates; candidates++)
        {
            while (i < value.Length && (value[i] == ',' || IsHtmlSpace(value[i])))
            {
                i++;
            }

            if (i >= value.Length)
            {
                break;
            }

            var urlStart = i;
            while (i < value.Length && !IsHtmlSpace(value[i]))
            {
                i++;
            }

            var url = value.AsSpan(urlStart, i - urlStart);
            var descriptor = ReadOnlySpan<char>.Empty;
            if (url[^1] == ',')
            {
                url = url.TrimEnd(',');
            }
            else
            {
                var descriptorStart = i;
                var depth = 0;
                while (i < value.Length && (value[i] != ',' || depth > 0))
                {
                    depth += value[i] switch
                    {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    i++;
                }

                descriptor = value.AsSpan(descriptorStart, i - descriptorStart).Trim();
            }

            if (url.IsEmpty || !IsPlainDescriptor(descriptor))
            {
                continue;
            }

            var clean = CleanUrl(url.ToString(), AttributeKind.Url, baseUri);
            if (clean is null || clean.AsSpan().IndexOfAny(' ', '\t', '\n') >= 0)
            {
                continue;
            }

            result ??= new StringBuilder(value.Length + 32);
            if (result.Length > 0)
            {
                result.Append(", ");
            }

            result.Append(clean);
            if (!descriptor.IsEmpty)
            {
                result.Append(' ').Append(descriptor);
            }
        }

        return result?.ToString();
    }

    private const int MaxSrcSetCandidates = 64;

    // Width, density and the old height descriptors ("640w", "2x", "1.5x"); anything else browsers would reject too.
    private static bool IsPlainDescriptor(ReadOnlySpan<char> descriptor)
    {
        foreach (var c in descriptor)
        {
            if (!char.IsAsciiDigit(c) && c is not ('.' or 'w' or 'x' or 'h' or ' '))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTrackingPixel(string? width, string? height) =>
        IsAtMostOnePixel(width) && IsAtMostOnePixel(height);

    private static bool IsAtMostOnePixel(string? dimension) =>
        dimension is not null
        && !dimension.EndsWith('%')
        && double.TryParse(dimension, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pixels)
        && pixels <= 1;

    private static bool IsTracker(string source)
    {
        foreach (var tracker in TrackerAddresses)
        {
            if (source.Contains(tracker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHttp(Uri uri) =>
        string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)
        || string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal);
}
