namespace FeedAggregator.Fetching;

/// <summary>Recognises the challenge pages bot-protection services send instead of the page asked for.</summary>
public static class BotWall
{
    private static readonly string[] Markers =
    [
        "challenge-platform", "cf-browser-verification", "cf_chl_", "<title>Just a moment...</title>",
        "<title>Attention Required! | Cloudflare</title>", "g-recaptcha", "h-captcha", "ddos-guard", "/_Incapsula_Resource",
    ];

    public static bool Looks(ReadOnlySpan<byte> body)
    {
        var head = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 16 * 1024)]);
        return Markers.Any(marker => head.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }
}
