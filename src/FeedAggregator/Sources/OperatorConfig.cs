using FeedAggregator.Configuration;
using FeedAggregator.Topics;

namespace FeedAggregator.Sources;

/// <summary>One version of the operators' configuration in force: both files, as they were when it was applied.</summary>
/// <param name="Number">Counts versions applied since start-up: 1 is the configuration the service started with.</param>
/// <param name="FeedsSha256">SHA-256 of feeds.json's bytes, so operators can tell which edit is in force.</param>
public sealed record ConfigVersion(
    int Number,
    IReadOnlyList<FeedSource> Feeds,
    IReadOnlyList<Topic> Topics,
    string FeedsSha256,
    string TopicsSha256,
    DateTimeOffset AppliedAt,
    IReadOnlyList<ConfigError> Warnings);

/// <summary>An edit that was refused, with every error; the version in force stayed.</summary>
public sealed record RejectedEdit(DateTimeOffset At, string FeedsSha256, string TopicsSha256, IReadOnlyList<ConfigError> Errors);

public enum ReloadResult
{
    Unchanged,
    Applied,
    Rejected,
}

/// <summary>
/// The operators' feeds and topics in force. They are read together because each file refers to the other (topics
/// name feeds and tags): an edit is put in force only when both files, as they are now, validate together. Otherwise
/// it is refused whole and the last good version stays.
/// </summary>
public sealed class OperatorConfig(AggregatorPaths paths, TimeProvider time)
{
    private readonly Lock gate = new();
    private ConfigVersion? current;

    /// <summary>Raised after a reload put a new version in force: the version before, and the new one.</summary>
    public event Action<ConfigVersion, ConfigVersion>? Changed;

    /// <summary>The version in force; the files are read on first use, which throws <see cref="ConfigException"/> when they do not validate.</summary>
    public ConfigVersion Current
    {
        get
        {
            if (current is { } loaded)
            {
                return loaded;
            }

            lock (gate)
            {
                if (current is null)
                {
                    var check = OperatorFiles.Check(paths);
                    current = check.Errors.Count > 0 ? throw new ConfigException(check.Errors) : Version(1, check);
                }

                return current;
            }
        }
    }

    /// <summary>The last refused edit, until the files are valid again (or back to the version in force).</summary>
    public RejectedEdit? Rejected { get; private set; }

    internal AggregatorPaths Paths => paths;

    /// <summary>Reads both files again and puts them in force when they validate and differ from the version in force.</summary>
    public ReloadResult Reload() => Reload(OperatorFiles.Check(paths));

    internal ReloadResult Reload(ConfigCheck check)
    {
        ConfigVersion before, after;
        lock (gate)
        {
            before = Current;
            if (check.FeedsSha256 == before.FeedsSha256 && check.TopicsSha256 == before.TopicsSha256)
            {
                Rejected = null;
                return ReloadResult.Unchanged;
            }

            if (check.Errors.Count > 0)
            {
                Rejected = new RejectedEdit(time.GetUtcNow(), check.FeedsSha256, check.TopicsSha256, check.Errors);
                return ReloadResult.Rejected;
            }

            Rejected = null;
            current = after = Version(before.Number + 1, check);
        }

        Changed?.Invoke(before, after);
        return ReloadResult.Applied;
    }

    private ConfigVersion Version(int number, ConfigCheck check) =>
        new(number, check.Feeds, check.Topics, check.FeedsSha256, check.TopicsSha256, time.GetUtcNow(), check.Warnings);
}
