using FeedAggregator.Api;
using FeedAggregator.Configuration;
using FeedAggregator.Fetching;
using FeedAggregator.Polling;
using FeedAggregator.Publishing;
using FeedAggregator.Sources;
using FeedAggregator.Storage;
using FeedAggregator.Topics;
using FeedAggregator.Webhooks;
using Serilog;

namespace FeedAggregator;

/// <summary>Builds the one host that the service and every CLI command share, stages registered in pipeline order.</summary>
public static class AggregatorHost
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl+C) waits for the service's parts before the host gives up on them. Polls are cut
    /// short at once (see <see cref="Polling.PollFeedJob"/>), so a stop normally takes well under a second; this bounds
    /// it below the 10 seconds <c>docker stop</c> allows before SIGKILL. What is still running then writes nothing half:
    /// a write transaction commits whole or not at all.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? DefaultUrls);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.AddLogging()
            .AddAggregatorConfiguration()
            .AddSources()
            .AddPolling()
            .AddFetching()
            .AddStorage()
            .AddTopics()
            .AddPublishing()
            .AddApi()
            .AddWebhooks();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseApi();
        app.MapTopicFeeds();
        app.MapTopicPage();
        app.MapHealth();
        app.MapApi();
        return app;
    }

    private static WebApplicationBuilder AddLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
