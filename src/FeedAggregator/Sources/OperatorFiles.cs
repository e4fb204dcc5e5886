using FeedAggregator.Configuration;
using FeedAggregator.Topics;

namespace FeedAggregator.Sources;

/// <summary>Both operators' files read and checked together: each on its own, then what one says of the other.</summary>
/// <param name="Errors">Every error of both files; when there is any, nothing of this reading may be put in force.</param>
/// <param name="Warnings">Things that work but are probably not meant, such as two feeds with one URL.</param>
internal sealed record ConfigCheck(
    IReadOnlyList<FeedSource> Feeds,
    IReadOnlyList<Topic> Topics,
    string FeedsSha256,
    string TopicsSha256,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<ConfigError> Warnings);

internal static class OperatorFiles
{
    /// <summary>Reads both files as they are on disk now.</summary>
    public static ConfigCheck Check(AggregatorPaths paths) => Check(paths, () => File.ReadAllBytes(paths.FeedsFile), () => File.ReadAllBytes(paths.TopicsFile));

    /// <summary>Checks the given contents as if they were the two files (a file that cannot be read throws from its reader).</summary>
    public static ConfigCheck Check(AggregatorPaths paths, Func<byte[]> feedsBytes, Func<byte[]> topicsBytes)
    {
        var errors = new List<ConfigError>();
        var warnings = new List<ConfigError>();
        var (feeds, feedsSha) = Read(feedsBytes, paths.FeedsFileDisplay, errors, warnings,
            document => FeedsFile.Read(document, Path.GetDirectoryName(paths.FeedsFile)!));
        var feedErrors = errors.Count;
        List<(Topic Topic, string Path)> placed = [];
        var (_, topicsSha) = Read(topicsBytes, paths.TopicsFileDisplay, errors, warnings, document =>
        {
            placed = TopicsFile.ReadPlaced(document);
            // References are only checked against a feeds file without errors: a feed left out for its own fault
            // would otherwise be reported a second time as missing.
            if (feedErrors == 0)
            {
                References(placed, feeds, document.Issues);
            }

            return placed;
        });
        return new ConfigCheck(feeds, [.. placed.Select(p => p.Topic)], feedsSha, topicsSha, errors, warnings);
    }

    private static (T Value, string Sha256) Read<T>(
        Func<byte[]> load, string display, List<ConfigError> errors, List<ConfigError> warnings, Func<ConfigDocument, T> read) where T : new()
    {
        byte[] bytes;
        try
        {
            bytes = load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(display, "", $"cannot be read: {e.Message}"));
            return (new T(), "");
        }

        try
        {
            using var document = JsonConfigFile.Parse(bytes, display);
            var value = read(document);
            errors.AddRange(document.Issues.Errors);
            warnings.AddRange(document.Issues.Warnings);
            return (value, document.Sha256);
        }
        catch (ConfigException e)
        {
            errors.AddRange(e.Errors);
            return (new T(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
    }

    /// <summary>A topic limited to feeds or tags must name feeds and tags that exist, or it would silently stay empty.</summary>
    private static void References(List<(Topic Topic, string Path)> topics, List<FeedSource> feeds, ConfigIssues issues)
    {
        var ids = feeds.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var tags = feeds.SelectMany(f => f.Tags).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (topic, path) in topics)
        {
            foreach (var feed in topic.Feeds.Where(f => !ids.Contains(f)))
            {
                issues.Error($"{path}.feeds", $"topic '{topic.Id}'.feeds", $"'{feed}' is not the id of a feed in the feeds file");
            }

            foreach (var tag in topic.Tags.Where(t => !tags.Contains(t)))
            {
                issues.Error($"{path}.tags", $"topic '{topic.Id}'.tags", $"no feed in the feeds file has the tag '{tag}'");
            }
        }
    }
}
