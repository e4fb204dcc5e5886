using System.CommandLine;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>feeds remove|enable|disable ID</c>, and what every command that edits feeds.json shares: the host for its settings,
/// the editor, and the errors printed as <c>validate</c> prints them. An invalid settings or feeds file exits 2, a refused
/// edit (unknown id, id or URL taken, a result that would not validate) exits 1 and leaves feeds.json as it was.
/// </summary>
internal static class FeedsEditCommands
{
    public static IEnumerable<Command> Create(string[] args)
    {
        yield return IdCommand(args, "remove", "Remove a feed from feeds.json (its stored items stay in the store).", (editor, id) =>
        {
            var feed = editor.FindById(id);
            editor.Remove(id);
            Console.Out.WriteLine($"Removed feed '{id}' ({feed?.Url}) from {editor.DisplayName}.");
        });
        yield return IdCommand(args, "enable", "Enable a feed: remove its \"enabled\": false.", (editor, id) =>
            Console.Out.WriteLine(editor.SetEnabled(id, true)
                ? $"Enabled feed '{id}' in {editor.DisplayName}."
                : $"Feed '{id}' is enabled already; {editor.DisplayName} is unchanged."));
        yield return IdCommand(args, "disable", "Disable a feed: write \"enabled\": false; it stays configured but is not polled.", (editor, id) =>
            Console.Out.WriteLine(editor.SetEnabled(id, false)
                ? $"Disabled feed '{id}' in {editor.DisplayName}."
                : $"Feed '{id}' is disabled already; {editor.DisplayName} is unchanged."));
    }

    private static Command IdCommand(string[] args, string name, string description, Action<FeedsFileEditor, string> edit)
    {
        var id = new Argument<string>("id") { Description = "The feed's id, as in feeds.json." };
        var command = new Command(name, description) { id };
        command.SetAction((parse, _) => EditAsync(args, (_, editor) =>
        {
            edit(editor, parse.GetRequiredValue(id));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>
    /// The feeds file alone, read with the host's settings: listing or exporting it does not need the topics file to be
    /// valid as well. Null, with every error printed, when the settings or the file are invalid.
    /// </summary>
    public static async Task<IReadOnlyList<FeedSource>?> LoadFeedsFileAsync(WebApplication app)
    {
        try
        {
            var paths = app.Services.GetRequiredService<AggregatorPaths>();
            return FeedsFile.Load(paths.FeedsFile, paths.FeedsFileDisplay);
        }
        catch (ConfigException e)
        {
            await PrintAsync(e).ConfigureAwait(false);
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, e.Failures.Select(f => $"error: appsettings: {f}"))).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Builds the host for its settings and opens feeds.json, then runs the edit; returns the exit code.</summary>
    public static async Task<int> EditAsync(string[] args, Func<WebApplication, FeedsFileEditor, Task<int>> edit)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        FeedsFileEditor editor;
        try
        {
            var paths = app.Services.GetRequiredService<AggregatorPaths>();
            editor = FeedsFileEditor.Open(paths.FeedsFile, paths.FeedsFileDisplay);
            editor.Paths = paths;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"error: appsettings: {failure}").ConfigureAwait(false);
            }

            return Commands.ConfigError;
        }
        catch (ConfigException e)
        {
            await PrintAsync(e).ConfigureAwait(false);
            return Commands.ConfigError;
        }

        try
        {
            return await edit(app, editor).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await PrintAsync(e).ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {editor.DisplayName}: cannot be written: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    public static async Task PrintAsync(ConfigException e)
    {
        foreach (var error in e.Errors.Count > 0 ? e.Errors.Select(x => x.ToString()) : [e.Message])
        {
            await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
        }
    }
}
