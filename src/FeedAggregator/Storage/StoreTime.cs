using System.Globalization;

namespace FeedAggregator.Storage;

/// <summary>Times are stored as ISO 8601 UTC text with milliseconds, so they sort as text and read in any language.</summary>
internal static class StoreTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Write(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static object Write(DateTimeOffset? value) => value is { } v ? Write(v) : DBNull.Value;

    public static DateTimeOffset Read(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset? ReadNullable(object value) => value is string text ? Read(text) : null;
}
