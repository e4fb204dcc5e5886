using Microsoft.Extensions.Options;

namespace FeedAggregator.Webhooks;

public static class WebhookRegistration
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        // Receivers are configured by the operator, so loopback and private addresses are allowed; redirects are not
        // followed (a 3xx is a failed attempt), and the pipeline's timeout replaces the client's.
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookStatus>();
        builder.Services.AddHostedService<WebhookWorker>();
        return builder;
    }
}
