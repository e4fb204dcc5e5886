using Quartz;

namespace FeedAggregator.Polling;

public static class PollingRegistration
{
    public static IHostApplicationBuilder AddPolling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PollingOptions>()
            .BindConfiguration(PollingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var concurrency = builder.Configuration.GetValue($"{PollingOptions.Section}:{nameof(PollingOptions.MaxConcurrentPolls)}", 32);
        builder.Services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Clamp(concurrency, 1, 256));
        });
        builder.Services.AddSingleton<FeedRefresher>();
        builder.Services.AddSingleton<PollRequests>();
        builder.Services.AddHostedService<PollScheduler>();
        // Registered after PollScheduler so the jobs exist before the scheduler starts, and running polls finish on shutdown.
        builder.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        return builder;
    }
}
