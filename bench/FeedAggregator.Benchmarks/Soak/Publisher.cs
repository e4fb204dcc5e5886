using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedAggregator.Benchmarks.Soak;

/// <summary>
/// A loopback publisher of many RSS feeds spread over many loopback hosts (127.0.1.x). Each interval about a fifth of
/// the feeds gain one to three items; the rest answer 304 to a conditional GET. It remembers, per feed, how many items
/// it ever served, so the driver can check the store lost and duplicated nothing.
/// </summary>
internal sealed class Publisher : IAsyncDisposable
{
    private const int MaxWindow = 50;

    private readonly WebApplication app;
    private readonly FeedState[] feeds;
    private readonly TimeSpan interval;
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    private readonly List<Uri> hosts = [];

    private Publisher(WebApplication app, int feedCount, TimeSpan interval)
    {
        this.app = app;
        this.interval = interval;
        feeds = Enumerable.Range(0, feedCount).Select(i => new FeedState(20 + (i % 31))).ToArray();
    }

    public long Requests => feeds.Sum(f => (long)f.Requests);

    public long NotModified => feeds.Sum(f => (long)f.NotModified);

    public static async Task<Publisher> StartAsync(int feedCount, int hostCount, TimeSpan interval)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var h = 0; h < hostCount; h++)
            {
                kestrel.Listen(IPAddress.Parse($"127.0.1.{h + 1}"), 0);
            }
        });
        var app = builder.Build();
        var publisher = new Publisher(app, feedCount, interval);
        app.MapGet("/feeds/{id:int}", (int id, HttpContext http) => publisher.Serve(id, http));
        await app.StartAsync();
        publisher.hosts.AddRange(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).OrderBy(u => u.Host, StringComparer.Ordinal));
        return publisher;
    }

    public Uri FeedUrl(int id) => new(hosts[id % hosts.Count], $"/feeds/{id}");

    /// <summary>The number of times each feed has been asked for; a cycle is over when every feed has been asked for again.</summary>
    public int MinRequests() => feeds.Min(f => Volatile.Read(ref f.Requests));

    /// <summary>Per feed, the items it served: sequence numbers from the first to the last served, without gaps.</summary>
    public IReadOnlyList<(int First, int End)> Served() => feeds.Select(f => (f.FirstServed, f.Served)).ToList();

    private IResult Serve(int id, HttpContext http)
    {
        if ((uint)id >= (uint)feeds.Length)
        {
            return Results.NotFound();
        }

        var feed = feeds[id];
        byte[] body;
        string etag;
        lock (feed)
        {
            feed.Requests++;
            var cycle = (int)((DateTimeOffset.UtcNow - start) / interval);
            while (feed.Cycle < cycle)
            {
                feed.Cycle++;
                var roll = (uint)HashCode.Combine(id, feed.Cycle) % 100;
                if (roll < 20)
                {
                    feed.Next += 1 + (int)(roll % 3);
                    feed.Version++;
                }
            }

            etag = $"\"{id}-{feed.Version}\"";
            if (http.Request.Headers.IfNoneMatch == etag)
            {
                feed.NotModified++;
                http.Response.Headers.ETag = etag;
                return Results.StatusCode(304);
            }

            var first = Math.Max(0, feed.Next - MaxWindow);
            body = Render(id, first, feed.Next);
            feed.FirstServed = feed.Served == 0 ? first : Math.Min(feed.FirstServed, first);
            feed.Served = Math.Max(feed.Served, feed.Next);
        }

        http.Response.Headers.ETag = etag;
        return Results.Bytes(body, "application/rss+xml; charset=utf-8");
    }

    private static byte[] Render(int id, int first, int next)
    {
        var xml = new StringBuilder(40 * 1024);
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Publisher {id}</title><link>https://publisher{id}.example/</link><description>Soak feed</description>

            """);
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var seq = next - 1; seq >= first; seq--)
        {
            var date = epoch.AddMinutes(seq * 7 + id).ToString("R", CultureInfo.InvariantCulture);
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Report {seq} from publisher {id} on shelters for victims of human trafficking</title>
                <link>https://publisher{id}.example/news/{seq}</link><guid isPermaLink="false">p{id}-{seq}</guid><pubDate>{date}</pubDate>
                <description>&lt;p&gt;Officials met representatives of public organisations to discuss the rehabilitation of victims ({seq}).&lt;/p&gt;</description></item>

                """);
        }

        xml.Append("</channel></rss>\n");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class FeedState(int initial)
    {
        public int Requests;
        public int NotModified;
        public int Cycle;
        public int Next = initial;
        public int Version;
        public int Served;
        public int FirstServed;
    }
}
