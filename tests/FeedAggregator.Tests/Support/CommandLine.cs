using FeedAggregator.Cli;

namespace FeedAggregator.Tests.Support;

/// <summary>Runs the executable's commands in-process, with standard output and error captured (and so redirected).</summary>
internal static class CommandLine
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await Commands.RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
