using FeedAggregator.Cli;

Terminal.UseProcessOutput();
return await Commands.RunAsync(args).ConfigureAwait(false);

public partial class Program;
