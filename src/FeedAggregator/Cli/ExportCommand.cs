using System.CommandLine;
using FeedAggregator.Configuration;
using FeedAggregator.Publishing;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary><c>export &lt;topic&gt; --format rss|atom|json --out FILE</c>: write a topic feed, the same bytes the service serves and its static copies hold.</summary>
internal static class ExportCommand
{
    public static Command Create(string[] args)
    {
        var topic = new Argument<string>("topic") { Description = "Topic id, as in topics.json." };
        var format = new Option<string>("--format") { Description = "Feed format.", DefaultValueFactory = _ => "rss" };
        format.AcceptOnlyFromAmong("rss", "atom", "json");
        var output = new Option<FileInfo?>("--out") { Description = "File to write; standard output when omitted." };
        var command = new Command("export", "Write a topic feed to a file.") { topic, format, output };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(args, parse.GetRequiredValue(topic), TopicFeedFormats.FromExtension(parse.GetValue(format)!)!.Value, parse.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] args, string topicId, TopicFeedFormat format, FileInfo? output, CancellationToken cancellationToken)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (!Commands.ConfigIsValid(app.Services))
        {
            return Commands.ConfigError;
        }

        var services = app.Services;
        var topics = services.GetRequiredService<TopicCatalog>();
        if (topics.Find(topicId) is null)
        {
            await Console.Error.WriteLineAsync(
                $"error: no topic '{topicId}' in {services.GetRequiredService<AggregatorPaths>().TopicsFileDisplay}").ConfigureAwait(false);
            return 1;
        }

        await services.GetRequiredService<TopicReevaluation>()
            .RunAsync(services.GetRequiredService<TopicCatalog>().All, cancellationToken).ConfigureAwait(false);
        var baseUrl = StaticTopicCopies.PublishedBase(app.Configuration, services.GetRequiredService<IOptions<AggregatorOptions>>().Value);
        var bytes = (await services.GetRequiredService<TopicFeedBuilder>().GetAsync(topicId, format, baseUrl, cancellationToken: cancellationToken).ConfigureAwait(false))!.Bytes;
        if (await Commands.WriteOutputAsync(bytes, output, cancellationToken).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync($"Wrote {topicId} ({bytes.Length} bytes) to {output!.FullName}").ConfigureAwait(false);
        }

        return 0;
    }
}
