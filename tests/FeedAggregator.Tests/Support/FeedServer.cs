using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FeedAggregator.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, serving whatever each test routes to it, counting hits.</summary>
internal sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);

    private FeedServer(WebApplication app) => this.app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Requests being answered right now, and the most there ever were at once.</summary>
    public int MaxConcurrent => maxConcurrent;

    private int concurrent;
    private int maxConcurrent;

    /// <param name="address">A loopback address: 127.0.0.1, or another of 127.0.0.0/8 to stand for a second host.</param>
    public static async Task<FeedServer> StartAsync(Action<WebApplication> routes, string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FeedServer(app);
        app.Use(async (context, next) =>
        {
            server.hits.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref server.concurrent);
            int max;
            while (now > (max = Volatile.Read(ref server.maxConcurrent)) && Interlocked.CompareExchange(ref server.maxConcurrent, now, max) != max)
            {
            }

            try
            {
                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref server.concurrent);
            }
        });
        routes(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(bound.TrimEnd('/') + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public int Hits(string path) => hits.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
