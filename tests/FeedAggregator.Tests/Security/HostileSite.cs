using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using FeedAggregator.Tests.Webhooks;

namespace FeedAggregator.Tests.Security;

/// <summary>A response as a consumer gets it: status, the headers that decide how it is read, and the body.</summary>
internal sealed record Fetched(string Path, int Status, string? ContentType, string? NoSniff, string? ContentSecurityPolicy, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// The corpus published as hostile feeds by a real Kestrel publisher on 127.0.0.1 (which also answers the canary
/// address), polled by the real host with a topic per source format (<c>xss-rss</c>, <c>xss-atom</c>, <c>xss-json</c>),
/// a topic per page group of five items, and a webhook endpoint on the three format topics.
/// </summary>
internal sealed class HostileSite : IAsyncDisposable
{
    public const int FeedsPerFormat = 6;

    private readonly ConcurrentQueue<string> canaryHits = new();

    private HostileSite(IReadOnlyList<HostileFeed> feeds) => Feeds = feeds;

    public IReadOnlyList<XssVector> Corpus => XssCorpus.All;

    public IReadOnlyList<HostileFeed> Feeds { get; }

    public FeedServer Publisher { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public TempDirectory Folder { get; } = new();

    public ServiceUnderTest Service { get; private set; } = null!;

    /// <summary>Where a payload that ran would send its request: on the publisher, so a hit is counted by a real server too.</summary>
    public Uri Canary => Publisher.Url("canary/");

    /// <summary>The canary of the probe's own check, which lets a payload run on purpose; <see cref="CanaryHits"/> leaves it out.</summary>
    public Uri ControlCanary => Publisher.Url("canary/control/");

    /// <summary>Every request the publisher had for a canary address, from any client, but for the control's.</summary>
    public IReadOnlyList<string> CanaryHits => [.. canaryHits.Where(path => !path.StartsWith("/canary/control/", StringComparison.Ordinal))];

    public static IEnumerable<SourceFormat> Formats => Enum.GetValues<SourceFormat>();

    public static async Task<HostileSite> StartAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var newest = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddHours(-1);
        var site = new HostileSite(HostileFeeds.Build(XssCorpus.All, newest, FeedsPerFormat));
        site.Receiver = await WebhookReceiver.StartAsync();
        site.Publisher = await FeedServer.StartAsync(app =>
        {
            foreach (var feed in site.Feeds)
            {
                app.MapGet("/" + feed.Path, () => Results.Bytes(feed.Body, feed.ContentType));
            }

            app.MapGet("/canary/{**rest}", (HttpRequest request) =>
            {
                site.canaryHits.Enqueue(request.Path + request.QueryString);
                return Results.NoContent();
            });
        });
        site.WriteOperatorFiles();
        site.Service = await ServiceUnderTest.StartAsync(site.Folder,
            "--Webhooks:Endpoints:0:Name=hostile",
            $"--Webhooks:Endpoints:0:Url={site.Receiver.Url}",
            "--Webhooks:Endpoints:0:Secret=hostile-secret-0123456789",
            "--Webhooks:Endpoints:0:Topics:0=xss-rss",
            "--Webhooks:Endpoints:0:Topics:1=xss-atom",
            "--Webhooks:Endpoints:0:Topics:2=xss-json",
            "--Webhooks:BatchSize=500",
            "--Webhooks:InitialDelay=00:00:00.200");
        await site.Service.WaitForPollsAsync([.. site.Feeds.Select(f => f.Id)]);
        await site.WaitForTopicsAsync();
        return site;
    }

    /// <summary>The uid the service gives a vector's item from a format's feed.</summary>
    public string Uid(SourceFormat format, int number)
    {
        var feed = Feeds.Single(f => f.Format == format && f.Items.Any(v => v.Number == number));
        return ItemStore.ItemUid(feed.Id, HostileFeeds.ItemId(format, number));
    }

    /// <summary>Every vector's item of a format by its uid.</summary>
    public IReadOnlyDictionary<string, XssVector> ByUid(SourceFormat format) =>
        Corpus.ToDictionary(v => Uid(format, v.Number));

    public async Task<Fetched> GetAsync(string path)
    {
        using var response = await Service.Http.GetAsync(path);
        var headers = response.Headers;
        var content = response.Content.Headers;
        return new Fetched(
            path,
            (int)response.StatusCode,
            content.ContentType?.ToString(),
            headers.TryGetValues("X-Content-Type-Options", out var sniff) ? string.Join(",", sniff) : null,
            headers.TryGetValues("Content-Security-Policy", out var csp) ? string.Join(",", csp) : null,
            await response.Content.ReadAsByteArrayAsync());
    }

    private void WriteOperatorFiles()
    {
        var feeds = Feeds.Select(f => new Dictionary<string, object>
        {
            ["id"] = f.Id,
            ["url"] = Publisher.Url(f.Path).AbsoluteUri,
            ["tags"] = new[] { f.Tag },
        });
        Folder.Write("feeds.json", JsonSerializer.Serialize(new { feeds }));
        var topics = new List<object>();
        foreach (var format in Formats)
        {
            topics.Add(new { id = HostileFeeds.Tag(format), title = $"Hostile {format}", query = $"feed:{HostileFeeds.Tag(format)}" });
            foreach (var group in Corpus.Select(v => HostileFeeds.GroupWord(format, v.Number)).Distinct())
            {
                topics.Add(new { id = "page-" + group, title = $"Page group {group}", query = $"category:{group}" });
            }
        }

        Folder.Write("topics.json", JsonSerializer.Serialize(new { topics }));
    }

    private async Task WaitForTopicsAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var format in Formats)
        {
            while (true)
            {
                var page = await Service.Http.GetFromJsonAsync<JsonElement>($"/api/items?topic={HostileFeeds.Tag(format)}&limit=500", timeout.Token);
                if (page.GetProperty("items").GetArrayLength() >= Corpus.Count)
                {
                    break;
                }

                await Task.Delay(50, timeout.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        Folder.Dispose();
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync();
        }

        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }
}
