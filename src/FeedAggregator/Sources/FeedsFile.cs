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

    private static readonly HashSet<string> RootFields = ["feeds", "$schema", "$comment"];

    /// <summary>Reads and validates the file; throws <see cref="ConfigException"/> with every error when it is invalid.</summary>
    public static IReadOnlyList<FeedSource> Load(string path, string displayName)
    {
        using var document = JsonConfigFile.Read(path, displayName);
        var feeds = Read(document, Path.GetDirectoryName(path)!);
        return document.Issues.Errors.Count > 0 ? throw new ConfigException(document.Issues.Errors) : feeds;
    }

    /// <summary>The valid feeds of a parsed file; every problem goes to the document's issues, duplicate URLs as warnings.</summary>
    public static List<FeedSource> Read(ConfigDocument document, string baseDirectory)
    {
        var root = document.Issues.Scope("", "");
        var feeds = new List<FeedSource>();
        if (document.Root.ValueKind != JsonValueKind.Object || !document.Root.TryGetProperty("feeds", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            root.Error(null, "expected an object with a \"feeds\" array");
            return feeds;
        }

        root.UnknownFields(document.Root, RootFields);
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var scope = document.Issues.Scope($"feeds[{index}]", $"feeds[{index}]");
            var feed = ReadFeed(element, scope, baseDirectory);
            index++;
            if (feed is null)
            {
                continue;
            }

            scope = scope.Named($"feed '{feed.Id}'");
            if (feeds.Any(f => f.Id == feed.Id))
            {
                scope.Error("id", "is used by another feed; ids must be unique");
                continue;
            }

            if (feeds.FirstOrDefault(f => f.Url == feed.Url) is { } same)
            {
                scope.Warn("url", $"same URL as feed '{same.Id}': both poll it");
            }

            feeds.Add(feed);
        }

        return feeds;
    }

    private static FeedSource? ReadFeed(JsonElement element, ConfigScope at, string baseDirectory)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            at.Error(null, "each feed must be an object");
            return null;
        }

        var before = at.Issues.Errors.Count;
        var id = at.OptionalString(element, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            at.Error(null, "id is required");
        }
        else
        {
            at = at.Named($"feed '{id}'");
            if (!Slug().IsMatch(id))
            {
                at.Error("id", "must be a lowercase slug (letters, digits, '-', '_' or '.')");
            }
        }

        at.UnknownFields(element, KnownFields);
        var url = ReadUrl(at.OptionalString(element, "url"), baseDirectory, at);
        var title = at.OptionalString(element, "title");
        var language = at.OptionalString(element, "language");
        if (language is not null && !LanguageCodes.IsKnown(language))
        {
            at.Error("language", $"'{language}' is not a language code such as 'en' or 'ru'");
        }

        var interval = ReadInterval(at.OptionalString(element, "interval"), at);
        var cron = at.OptionalString(element, "cron");
        if (cron is not null && !CronExpression.TryParse(cron, out _))
        {
            at.Error("cron", $"'{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week)");
        }

        var tags = ReadTags(element, at);
        var enabled = at.Bool(element, "enabled", true);
        var sample = at.Bool(element, "sample", false);
        return at.Issues.Errors.Count > before || id is null || url is null
            ? null
            : new FeedSource(id, url, title, language, interval, cron, tags, enabled, sample);
    }

    private static Uri? ReadUrl(string? text, string baseDirectory, ConfigScope at)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            at.Error("url", "is required");
            return null;
        }

        // "file:relative/path" names a file relative to feeds.json itself, so bundled samples work from any checkout.
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("file:/", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(Path.GetFullPath(Uri.UnescapeDataString(text["file:".Length..]), baseDirectory));
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
        {
            at.Error("url", $"'{text}' is not an absolute http, https or file URL");
            return null;
        }

        return uri;
    }

    private static TimeSpan ReadInterval(string? text, ConfigScope at)
    {
        if (text is null)
        {
            return DefaultInterval;
        }

        // A bare number would read as days ("5" is five days): insist on hh:mm:ss.
        if (!text.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
        {
            at.Error("interval", $"'{text}' is not a time span such as \"00:15:00\"");
            return DefaultInterval;
        }

        if (interval < MinimumInterval)
        {
            at.Error("interval", $"{text} is shorter than the minimum of {MinimumInterval:c}");
        }

        return interval;
    }

    private static string[] ReadTags(JsonElement element, ConfigScope at)
    {
        if (!element.TryGetProperty("tags", out var tags) || tags.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (tags.ValueKind != JsonValueKind.Array || tags.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            at.Error("tags", "must be an array of strings");
            return [];
        }

        return [.. tags.EnumerateArray().Select(t => t.GetString()!.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
