using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FeedAggregator.Tests.Support;

/// <summary>The real host, on Kestrel at 127.0.0.1 with a free port, with its data and operators' files in a temp folder.</summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private ServiceUnderTest(WebApplication app, Uri baseUri)
    {
        App = app;
        Http = new HttpClient { BaseAddress = baseUri };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public static string[] Args(TempDirectory folder, params string[] extra) =>
    [
        $"--Aggregator:DataDirectory={folder.File("data")}",
        $"--Aggregator:FeedsFile={folder.File("feeds.json")}",
        $"--Aggregator:TopicsFile={folder.File("topics.json")}",
        "--Urls=http://127.0.0.1:0",
        "--Polling:FirstRunSpread=00:00:00",
        "--Polling:RestartSpread=00:00:00",
        "--Fetching:RetryDelay=00:00:00.050",
        .. extra,
    ];

    public static async Task<ServiceUnderTest> StartAsync(TempDirectory folder, params string[] extra)
    {
        var app = AggregatorHost.Build(Args(folder, extra));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceUnderTest(app, new Uri(address));
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Waits until every listed feed has been polled at least once, as /health reports it.</summary>
    public async Task<JsonElement> WaitForPollsAsync(params string[] feedIds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var health = await Http.GetFromJsonAsync<JsonElement>("/health", timeout.Token);
            var polled = health.GetProperty("feeds").EnumerateArray()
                .Where(f => f.GetProperty("lastPollAt").ValueKind != JsonValueKind.Null)
                .Select(f => f.GetProperty("id").GetString())
                .ToHashSet();
            if (feedIds.All(polled.Contains))
            {
                return health;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
