using System.Text;

namespace FeedAggregator.Storage;

/// <summary>
/// The key that tells one story carried by several feeds: the link without scheme, fragment, default port and
/// tracking parameters (<c>utm_*</c>, click ids, mailing-list ids), host in lower case, other parameters in their order.
/// </summary>
public static class CanonicalLink
{
    private static readonly string[] TrackingParameters =
    [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "yclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "_openstat", "ncid", "cmpid",
    ];

    /// <summary>Null for a missing link or one that is not http(s): such items are never merged.</summary>
    public static string? Of(string? link)
    {
        if (link is null || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var key = new StringBuilder(link.Length);
        key.Append("//").Append(uri.IdnHost);
        if (!uri.IsDefaultPort)
        {
            key.Append(':').Append(uri.Port);
        }

        key.Append(uri.AbsolutePath);
        var separator = '?';
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = parameter.Split('=', 2)[0];
            if (name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
                || TrackingParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            key.Append(separator).Append(parameter);
            separator = '&';
        }

        return key.ToString();
    }
}
