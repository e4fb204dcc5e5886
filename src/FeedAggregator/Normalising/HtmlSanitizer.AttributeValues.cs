using System.Globalization;

namespace FeedAggregator.Normalising;

internal static partial class HtmlSanitizer
{
    /// <summary>A width or height as digits, a fraction or a percentage; "px" that feeds often add is dropped.</summary>
    private static string? CleanDimension(string value)
    {
        var span = value.AsSpan().Trim();
        if (span.EndsWith("px", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^2].TrimEnd();
        }

        var number = span.EndsWith('%') ? span[..^1] : span;
        if (number.IsEmpty || number.Length > 8 || !char.IsAsciiDigit(number[0]) || !char.IsAsciiDigit(number[^1]))
        {
            return null;
        }

        var dots = 0;
        foreach (var c in number)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return dots > 1 ? null : span.Length == value.Length ? value : span.ToString();
    }

    private static string? CleanInteger(string value) =>
        int.TryParse(value.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;
}
