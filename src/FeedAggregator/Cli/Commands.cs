using System.CommandLine;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary>
/// The executable's commands. Every command builds the same host, so settings
/// (<c>--Aggregator:DataDirectory=/x</c>, environment variables, appsettings.json) apply alike to all of them.
/// </summary>
public static class Commands
{
    public const int ConfigError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("FeedAggregator: polls news feeds and republishes merged, filtered topic feeds.");
        var run = new Command("run", "Run the service (the default).");
        run.SetAction((_, _) => ServeAsync(args));
        root.SetAction((_, _) => ServeAsync(args));
        root.Add(run);
        root.Add(PollOnceCommand.Create(args));
        root.Add(ExportCommand.Create(args));
        root.Add(ParseCommand.Create());
        root.Add(FeedsCommand.Create(args));
        root.Add(TopicsCommand.Create(args));
        root.Add(OpmlCommand.Create(args));
        var validate = new Command("validate", "Check settings, feeds.json, topics.json and the store; print every error; exit 1 when there is any.");
        validate.SetAction((_, _) => ValidateAsync(args));
        root.Add(validate);
        AllowHostSettings(root);

        // The host handles SIGTERM and Ctrl+C itself, letting running polls finish; the parser must not race it.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        // Host settings reach the host through the actions' closures; the parser sees the command's own tokens only, so
        // that an optional argument (topics test [id]) is never taken from a setting.
        var own = args.Where(a => !IsHostSetting(a)).ToArray();
        return await root.Parse(own).InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>
    /// The host's share of the command line: settings written <c>--Section:Key=value</c>. A command's own options
    /// (<c>--json</c>, <c>--out FILE</c>) stay out of the host's configuration, where <c>--json</c> would take the next
    /// setting as its value.
    /// </summary>
    internal static string[] HostSettings(string[] args) => args.Where(IsHostSetting).ToArray();

    /// <summary>Settings are PascalCase (<c>--Urls=…</c>, <c>--Fetching:MaxRetries=0</c>); a command's options are lower case (<c>--query=…</c>).</summary>
    private static bool IsHostSetting(string arg) =>
        arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal) && char.IsAsciiLetterUpper(arg[2]) && arg.Contains('=', StringComparison.Ordinal);

    /// <summary>Host settings such as <c>--Urls=…</c> travel beside any command; they are the host's, not the parser's.</summary>
    private static void AllowHostSettings(Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        foreach (var sub in command.Subcommands)
        {
            AllowHostSettings(sub);
        }
    }

    /// <summary>
    /// A command's output: to standard output, or written beside <paramref name="output"/> and renamed over it, so a
    /// reader never sees half a file. True when a file was written.
    /// </summary>
    internal static async Task<bool> WriteOutputAsync(byte[] bytes, FileInfo? output, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var temporary = output.FullName + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, output.FullName, overwrite: true);
        return true;
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!ConfigIsValid(app.Services))
        {
            return ConfigError;
        }

        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ValidateAsync(string[] args)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!ConfigIsValid(app.Services))
        {
            return 1;
        }

        var paths = app.Services.GetRequiredService<AggregatorPaths>();
        foreach (var warning in app.Services.GetRequiredService<OperatorConfig>().Current.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        Console.Out.WriteLine($"ok: {app.Services.GetRequiredService<FeedCatalog>().All.Count} feed(s) in {paths.FeedsFileDisplay}, "
            + $"{app.Services.GetRequiredService<TopicCatalog>().All.Count} topic(s) in {paths.TopicsFileDisplay}");
        return 0;
    }

    /// <summary>Loads settings, operators' files and the store, printing every problem; false when anything is wrong.</summary>
    internal static bool ConfigIsValid(IServiceProvider services)
    {
        // Each part is checked on its own, so that one broken file does not hide the errors of another.
        var valid = Check(() =>
        {
            // Every section registered with ValidateOnStart, as the host would check them when it starts.
            services.GetRequiredService<IStartupValidator>().Validate();
            return services;
        });
        valid &= Check(() => services.GetRequiredService<OperatorConfig>().Current);
        return valid && Check(() =>
        {
            services.GetRequiredService<Database>().OpenRead().Dispose();
            return services;
        }, services);
    }

    private static bool Check(Func<object> load, IServiceProvider? services = null)
    {
        try
        {
            _ = load();
            return true;
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors.Count > 0 ? e.Errors.Select(x => x.ToString()) : [e.Message])
            {
                Console.Error.WriteLine($"error: {error}");
            }
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = e is AggregateException all ? all.InnerExceptions.OfType<OptionsValidationException>().SelectMany(x => x.Failures) : ((OptionsValidationException)e).Failures;
            foreach (var failure in failures)
            {
                Console.Error.WriteLine($"error: appsettings: {failure}");
            }
        }
        catch (StoreFileException e)
        {
            // Its message names the file, what is wrong with it, and what to do.
            Console.Error.WriteLine($"error: store {e.Message}");
        }
        catch (Exception e) when (services is not null && e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: store {services.GetRequiredService<AggregatorPaths>().DatabaseFile}: {e.Message}");
        }

        return false;
    }
}
