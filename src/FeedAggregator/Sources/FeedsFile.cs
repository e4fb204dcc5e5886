using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedAggregator.Configuration;
using Quartz;

namespace FeedAggregator.Sources;

/// <summary>
/// Reads <c>config/feeds.json</c>: <c>{ "feeds": [ { "id", "url", "title", "language", "interval" | "cron", "tags", "enabled", "sample" } ] }</c>.
/// Every problem is collected and reported together, each naming the file, the feed and the field.
/// </summary>
internal static partial class FeedsFile
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    private static readonly HashSet<string> KnownFields =
        ["id", "url", "title", "language", "interval", "cron", "tags", "enabled", "sample", "$comment"];

    [GeneratedRegex("^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")]
    internal static partial Regex Slug();

    public static IReadOnlyList<FeedSource> Load(string path, string displayName)
    {
        using var document = JsonConfigFile.Read(path, displayName);
        var errors = new List<ConfigError>();
        var feeds = new List<FeedSource>();
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("feeds", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigException([new ConfigError(displayName, "", "expected an object with a \"feeds\" array")]);
        }

        var baseDirectory = Path.GetDirectoryName(path)!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var feed = ReadFeed(element, $"feeds[{index}]", displayName, baseDirectory, errors);
            if (feed is not null && !seen.Add(feed.Id))
            {
                errors.Add(new ConfigError(displayName, $"feeds[{index}] '{feed.Id}'", "id is used by another feed; ids must be unique"));
            }
            else if (feed is not null)
            {
                feeds.Add(feed);
            }

            index++;
        }

        return errors.Count > 0 ? throw new ConfigException(errors) : feeds;
    }

    private static FeedSource? ReadFeed(JsonElement element, string at, string file, string baseDirectory, List<ConfigError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(file, at, "each feed must be an object"));
            return null;
        }

        var before = errors.Count;
        var id = JsonConfigFile.OptionalString(element, "id", file, at, errors);
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(new ConfigError(file, at, "id is required"));
        }
        else
        {
            at = $"{at} '{id}'";
            if (!Slug().IsMatch(id))
            {
                errors.Add(new ConfigError(file, at, "id must be a lowercase slug (letters, digits, '-', '_' or '.')"));
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new ConfigError(file, $"{at}.{property.Name}", "unknown field"));
            }
        }

        var url = ReadUrl(JsonConfigFile.OptionalString(element, "url", file, at, errors), baseDirectory, file, at, errors);
        var title = JsonConfigFile.OptionalString(element, "title", file, at, errors);
        var language = JsonConfigFile.OptionalString(element, "language", file, at, errors);
        if (language is not null && !IsLanguageTag(language))
        {
            errors.Add(new ConfigError(file, $"{at}.language", $"'{language}' is not a language code such as 'en' or 'ru'"));
        }

        var interval = ReadInterval(JsonConfigFile.OptionalString(element, "interval", file, at, errors), file, at, errors);
        var cron = JsonConfigFile.OptionalString(element, "cron", file, at, errors);
        if (cron is not null && !CronExpression.TryParse(cron, out _))
        {
            errors.Add(new ConfigError(file, $"{at}.cron", $"'{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week)"));
        }

        var tags = ReadTags(element, file, at, errors);
        var enabled = ReadBool(element, "enabled", true, file, at, errors);
        var sample = ReadBool(element, "sample", false, file, at, errors);
        return errors.Count > before || id is null || url is null
            ? null
            : new FeedSource(id, url, title, language, interval, cron, tags, enabled, sample);
    }

    private static Uri? ReadUrl(string? text, string baseDirectory, string file, string at, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ConfigError(file, $"{at}.url", "url is required"));
            return null;
        }

        // "file:relative/path" names a file relative to feeds.json itself, so bundled samples work from any checkout.
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("file:/", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(Path.GetFullPath(Uri.UnescapeDataString(text["file:".Length..]), baseDirectory));
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
        {
            errors.Add(new ConfigError(file, $"{at}.url", $"'{text}' is not an absolute http, https or file URL"));
            return null;
        }

        return uri;
    }

    private static TimeSpan ReadInterval(string? text, string file, string at, List<ConfigError> errors)
    {
        if (text is null)
        {
            return DefaultInterval;
        }

        // A bare number would read as days ("5" is five days): insist on hh:mm:ss.
        if (!text.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
        {
            errors.Add(new ConfigError(file, $"{at}.interval", $"'{text}' is not a time span such as \"00:15:00\""));
            return DefaultInterval;
        }

        if (interval < MinimumInterval)
        {
            errors.Add(new ConfigError(file, $"{at}.interval", $"{text} is shorter than the minimum of {MinimumInterval:c}"));
        }

        return interval;
    }

    private static string[] ReadTags(JsonElement element, string file, string at, List<ConfigError> errors)
    {
        if (!element.TryGetProperty("tags", out var tags) || tags.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (tags.ValueKind != JsonValueKind.Array || tags.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            errors.Add(new ConfigError(file, $"{at}.tags", "must be an array of strings"));
            return [];
        }

        return [.. tags.EnumerateArray().Select(t => t.GetString()!.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static bool ReadBool(JsonElement element, string name, bool fallback, string file, string at, List<ConfigError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new ConfigError(file, $"{at}.{name}", "must be true or false"));
        return fallback;
    }

    private static bool IsLanguageTag(string code)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            return !string.IsNullOrEmpty(culture.Name);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
