using FeedAggregator.Configuration;

namespace FeedAggregator.Sources;

/// <summary>A feed to add to feeds.json, with its fields as they will be written; unset fields are left out.</summary>
internal sealed record NewFeed(
    string Id,
    string Url,
    string? Title = null,
    string? Language = null,
    string? Interval = null,
    string? Cron = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>
/// Edits the operators' feeds.json from the command line without disturbing the rest of it (see <see cref="FeedsFileEdits"/>).
/// Every edit is written to a temporary file beside feeds.json, validated as the service would read it, and only then
/// renamed over feeds.json: the service never sees a half-written or invalid file, and a refused edit leaves it as it was.
/// One editor makes one edit; open another for the next.
/// </summary>
internal sealed class FeedsFileEditor
{
    private readonly byte[] original;
    private readonly FeedsFileLayout layout;

    private FeedsFileEditor(string path, string displayName, byte[] original, FeedsFileLayout layout, IReadOnlyList<FeedSource> feeds)
    {
        Path = path;
        DisplayName = displayName;
        this.original = original;
        this.layout = layout;
        Feeds = feeds;
    }

    public string Path { get; }

    public string DisplayName { get; }

    /// <summary>The feeds as the service reads them now.</summary>
    public IReadOnlyList<FeedSource> Feeds { get; }

    /// <summary>Reads feeds.json; an edit starts only from a valid file, so that refusals (same id, same URL) can be trusted.</summary>
    /// <exception cref="ConfigException">The file cannot be read or is invalid; <see cref="ConfigException.Errors"/> says why.</exception>
    public static FeedsFileEditor Open(string path, string displayName)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(displayName, "", $"cannot be read: {e.Message}")]);
        }

        var feeds = FeedsFile.Load(path, displayName);
        return new FeedsFileEditor(path, displayName, bytes, FeedsFileLayout.Read(bytes, displayName), feeds);
    }

    public FeedSource? FindById(string id) => Feeds.FirstOrDefault(f => f.Id == id);

    public FeedSource? FindByUrl(Uri url) => Feeds.FirstOrDefault(f => f.Url == url);

    /// <summary>Appends the feeds at the end of the "feeds" array, all in one write; refuses an id or URL that is taken.</summary>
    /// <param name="dryRun">Builds and validates the new file but leaves feeds.json alone.</param>
    public void Add(IReadOnlyList<NewFeed> feeds, bool dryRun = false)
    {
        var ids = new HashSet<string>(Feeds.Select(f => f.Id), StringComparer.Ordinal);
        var urls = Feeds.ToDictionary(f => f.Url, f => f.Id);
        foreach (var feed in feeds)
        {
            if (!ids.Add(feed.Id))
            {
                throw Refused($"feed '{feed.Id}'", "id is taken by another feed");
            }

            if (Uri.TryCreate(feed.Url, UriKind.Absolute, out var url) && !urls.TryAdd(url, feed.Id))
            {
                throw Refused($"feed '{feed.Id}'", $"{feed.Url} is already configured as feed '{urls[url]}'");
            }
        }

        var edits = new FeedsFileEdits(original, layout);
        edits.AddFeeds(feeds);
        string[] expected = [.. Feeds.Select(f => f.Id), .. feeds.Select(f => f.Id)];
        Save(edits.Result(), saved => saved.Select(f => f.Id).SequenceEqual(expected), dryRun);
    }

    public void Remove(string id)
    {
        var edits = new FeedsFileEdits(original, layout);
        edits.RemoveFeed(Find(id));
        string[] expected = [.. Feeds.Select(f => f.Id).Where(f => f != id)];
        Save(edits.Result(), saved => saved.Select(f => f.Id).SequenceEqual(expected), dryRun: false);
    }

    /// <returns>False when the feed already was as asked; the file is then not written.</returns>
    public bool SetEnabled(string id, bool enabled)
    {
        var edits = new FeedsFileEdits(original, layout);
        if (!edits.SetEnabled(Find(id), enabled))
        {
            return false;
        }

        Save(edits.Result(),
            saved => saved.Select(f => f.Id).SequenceEqual(Feeds.Select(f => f.Id)) && saved.Single(f => f.Id == id).Enabled == enabled, dryRun: false);
        return true;
    }

    /// <summary>The operators' files as the service reads them; when set, an edit that the topics file's references would refuse is refused here.</summary>
    public AggregatorPaths? Paths { get; set; }

    /// <summary>
    /// The service applies feeds.json only together with topics.json: removing the last feed with a tag a topic is
    /// limited to would be refused there, so it is refused here, with the topic's error. Errors the files had before
    /// the edit are not this edit's doing and do not stop it.
    /// </summary>
    private void RefuseBrokenReferences(byte[] updated)
    {
        if (Paths is not { } paths || !File.Exists(paths.TopicsFile))
        {
            return;
        }

        var topics = File.ReadAllBytes(paths.TopicsFile);
        var before = OperatorFiles.Check(paths, () => original, () => topics).Errors.Select(e => e.ToString()).ToHashSet();
        var after = OperatorFiles.Check(paths, () => updated, () => topics).Errors.Where(e => !before.Contains(e.ToString())).ToList();
        if (after.Count > 0)
        {
            throw new ConfigException(after);
        }
    }

    private FeedObject Find(string id) => layout.Find(id) ?? throw Refused("", $"no feed '{id}'");

    /// <param name="isExpected">A check that the edit did what was meant, on the feeds as the service will read them.</param>
    private void Save(byte[] updated, Func<IReadOnlyList<FeedSource>, bool> isExpected, bool dryRun)
    {
        // A symbolic link stays a link: its target is what gets replaced.
        var target = new FileInfo(Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target))!;
        // Not named *.json, so nothing that watches the folder for JSON files takes it for a config file.
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, updated);
            if (!isExpected(FeedsFile.Load(temporary, DisplayName)))
            {
                throw Refused("", "the edit did not give the expected feeds; nothing was written");
            }

            RefuseBrokenReferences(updated);

            if (dryRun)
            {
                return;
            }

            if (!File.ReadAllBytes(target).AsSpan().SequenceEqual(original))
            {
                throw Refused("", "changed while it was being edited; nothing was written, run the command again");
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private ConfigException Refused(string location, string message) => new([new ConfigError(DisplayName, location, message)]);
}
