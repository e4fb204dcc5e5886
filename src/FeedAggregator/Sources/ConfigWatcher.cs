using FeedAggregator.Configuration;

namespace FeedAggregator.Sources;

/// <summary>
/// Applies edits of feeds.json and topics.json without a restart. Both files are looked at every
/// <see cref="Period"/>; an edit is read once neither file has changed for <see cref="Settle"/>, so that a file an
/// editor is still writing is not taken for a broken one. A file that is empty or stops short of the end of its JSON
/// is waited for up to <see cref="UnfinishedWait"/> more before it counts as a refused edit. An edit that does not
/// validate is logged with every error and the version in force stays (<see cref="OperatorConfig"/>).
/// </summary>
internal sealed class ConfigWatcher(OperatorConfig config, AggregatorPaths paths, TimeProvider time, ILogger<ConfigWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan UnfinishedWait = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing counts as applied yet: the files may have changed since they were first read, so they are read once more.
        var applied = default((Stamped, Stamped));
        var seen = Stamp();
        var changedAt = time.GetUtcNow();
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = Stamp();
            if (now != seen)
            {
                (seen, changedAt) = (now, time.GetUtcNow());
                continue;
            }

            var quiet = time.GetUtcNow() - changedAt;
            if (now == applied || quiet < Settle)
            {
                continue;
            }

            if (quiet < Settle + UnfinishedWait && Unfinished(paths.FeedsFile, paths.TopicsFile) is { } file)
            {
                logger.LogDebug("{File} looks half-written; waiting for the rest", file);
                continue;
            }

            applied = now;
            Apply();
        }
    }

    private void Apply()
    {
        var result = config.Reload();
        var version = config.Current;
        switch (result)
        {
            case ReloadResult.Applied:
                logger.LogInformation("Applied configuration version {Version}: {FeedCount} feed(s) in {FeedsFile}, {TopicCount} topic(s) in {TopicsFile}",
                    version.Number, version.Feeds.Count, paths.FeedsFileDisplay, version.Topics.Count, paths.TopicsFileDisplay);
                foreach (var warning in version.Warnings)
                {
                    logger.LogWarning("Configuration warning: {Warning}", warning);
                }

                break;
            case ReloadResult.Rejected:
                logger.LogError("Refused the edit of the configuration; version {Version} stays in force. {ErrorCount} error(s): {Errors}",
                    version.Number, config.Rejected!.Errors.Count, string.Join(Environment.NewLine, config.Rejected.Errors));
                break;
        }
    }

    /// <summary>The first of the files that looks cut off mid-write, or null.</summary>
    private static string? Unfinished(params string[] files)
    {
        foreach (var file in files)
        {
            try
            {
                if (JsonConfigFile.LooksUnfinished(File.ReadAllBytes(file)))
                {
                    return file;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable now (being replaced, or gone): the reload reports it if it stays so.
            }
        }

        return null;
    }

    private (Stamped, Stamped) Stamp() => (Stamp(paths.FeedsFile), Stamp(paths.TopicsFile));

    private readonly record struct Stamped(long Length, DateTime Written);

    private static Stamped Stamp(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? new(file.Length, file.LastWriteTimeUtc) : new(-1, DateTime.MinValue);
        }
        catch (IOException)
        {
            return new(-1, DateTime.MinValue);
        }
    }
}
