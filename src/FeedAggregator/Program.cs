using FeedAggregator.Cli;

return await Commands.RunAsync(args).ConfigureAwait(false);

public partial class Program;
