using System.Globalization;

namespace FeedAggregator.Topics;

/// <summary>Spans written the short way operators write them: <c>30d</c>, <c>12h</c>, <c>90m</c>.</summary>
internal static class Durations
{
    /// <summary>A positive whole number followed by one of <paramref name="units"/> (<c>d</c>, <c>h</c>, <c>m</c>).</summary>
    public static bool TryParse(string text, string units, out TimeSpan span)
    {
        span = default;
        if (text.Length < 2 || !units.Contains(text[^1], StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        span = text[^1] switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            _ => TimeSpan.FromMinutes(n),
        };
        return true;
    }
}
