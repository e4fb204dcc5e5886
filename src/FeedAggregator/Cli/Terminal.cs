using Spectre.Console;

namespace FeedAggregator.Cli;

/// <summary>
/// Whether a person is watching: progress bars and prompts on a terminal, plain lines that scripts and logs can read
/// everywhere else.
/// </summary>
internal static class Terminal
{
    private static TextWriter? processOutput;

    /// <summary>
    /// Called by the executable's entry point: what <see cref="Console.Out"/> is then writes to the process's standard
    /// output. Code that runs the commands in-process (the tests, with <see cref="Console.SetOut"/>) never calls it, so it
    /// gets plain lines and Spectre.Console never writes to the real terminal behind its back.
    /// </summary>
    public static void UseProcessOutput() => processOutput = Console.Out;

    /// <summary>Standard output is a terminal, and still the writer the process started with.</summary>
    public static bool IsInteractive =>
        processOutput is not null && ReferenceEquals(Console.Out, processOutput) && !Console.IsOutputRedirected;

    /// <summary>A person can also answer a prompt: standard input is a terminal too.</summary>
    public static bool CanPrompt => IsInteractive && !Console.IsInputRedirected;

    /// <summary>A Spectre.Console over <see cref="Console.Out"/>, never over a stream of its own choosing.</summary>
    public static IAnsiConsole Ansi() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    /// <summary>
    /// Runs <paramref name="work"/>, which reports each finished step with a line: on a terminal the step moves a progress
    /// bar, elsewhere its line is printed.
    /// </summary>
    public static async Task ProgressAsync(string title, int steps, Func<Action<string>, Task> work)
    {
        if (!IsInteractive)
        {
            await work(line => Console.Out.WriteLine(line)).ConfigureAwait(false);
            return;
        }

        await Ansi().Progress().AutoClear(false).HideCompleted(false).StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(steps, 1));
            await work(_ => task.Increment(1)).ConfigureAwait(false);
            task.Value = task.MaxValue;
        }).ConfigureAwait(false);
    }
}
