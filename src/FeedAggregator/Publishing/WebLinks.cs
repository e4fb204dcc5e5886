using FeedAggregator.Parsing;

namespace FeedAggregator.Publishing;

/// <summary>
/// The one rule for addresses that leave the service from feeds (topic feeds, the page, the API, webhooks): feeds are
/// other people's, so only an absolute http or https URL is passed on, in the form <see cref="Uri.AbsoluteUri"/> gives
/// it, where quotes, angle brackets, spaces and controls are escaped. Anything else (javascript:, data:, vbscript:,
/// file: paths of local sources, text that does not parse) is left out.
/// </summary>
public static class WebLinks
{
    /// <summary>The address as it may be published, or null.</summary>
    public static string? Http(string? url)
    {
        if (url is null)
        {
            return null;
        }

        // Most stored links are already in that form: they skip building a Uri.
        if (SafeXml.IsNormalAbsolute(url))
        {
            return url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0
                ? uri.AbsoluteUri
                : null;
    }
}
