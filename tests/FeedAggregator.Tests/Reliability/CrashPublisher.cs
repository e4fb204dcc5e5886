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

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// A loopback publisher of many RSS feeds on several loopback hosts (127.0.2.x) whose items keep coming: each feed starts
/// with a third of a window of items, gains one every <c>period</c> whatever the service does, and serves its newest
/// <c>window</c> items, so an item stays in its feed for <c>window</c> periods. Half of the items are about floods and a
/// quarter about elections, for the topics. It remembers every response (when, and which items), so that a run can check
/// that the items of every poll the service completed were stored.
/// </summary>
internal sealed class CrashPublisher : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly FeedState[] feeds;
    private readonly TimeSpan period;
    private readonly int window;
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    private readonly List<Uri> hosts = [];

    private CrashPublisher(WebApplication app, int feedCount, TimeSpan period, int window)
    {
        this.app = app;
        this.period = period;
        this.window = window;
        feeds = [.. Enumerable.Range(0, feedCount).Select(_ => new FeedState())];
    }

    public int FeedCount => feeds.Length;


    public long Requests => feeds.Sum(f => (long)Volatile.Read(ref f.Requests));

    public static async Task<CrashPublisher> StartAsync(int feedCount, int hostCount, TimeSpan period, int window)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var h = 0; h < hostCount; h++)
            {
                kestrel.Listen(IPAddress.Parse($"127.0.2.{h + 1}"), 0);
            }
        });
        var app = builder.Build();
        var publisher = new CrashPublisher(app, feedCount, period, window);
        app.MapGet("/feeds/{id:int}", (int id) => publisher.Serve(id));
        await app.StartAsync();
        publisher.hosts.AddRange(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).OrderBy(u => u.Host, StringComparer.Ordinal));
        return publisher;
    }

    public Uri FeedUrl(int id) => new(hosts[id % hosts.Count], $"/feeds/{id}");

    /// <summary>The identity (RSS guid) of a feed's item.</summary>
    public static string Identity(int feed, int seq) => $"c{feed}-{seq}";

    /// <summary>Per feed, every response in the order served: when, and its items' sequence numbers from <c>First</c> to <c>End</c> (exclusive).</summary>
    public IReadOnlyList<IReadOnlyList<CrashResponse>> Responses()
    {
        var responses = new IReadOnlyList<CrashResponse>[feeds.Length];
        for (var i = 0; i < feeds.Length; i++)
        {
            lock (feeds[i])
            {
                responses[i] = [.. feeds[i].Responses];
            }
        }

        return responses;
    }

    /// <summary>Forgets the responses so far: those to services on other stores.</summary>
    public void Forget()
    {
        foreach (var feed in feeds)
        {
            lock (feed)
            {
                feed.Responses.Clear();
            }
        }
    }

    /// <summary>When item <paramref name="seq"/> of feed <paramref name="id"/> appears (the first third of a window before start).</summary>
    private DateTimeOffset Appears(int id, int seq) => start + (period * (seq - (window / 3))) + (period * id / feeds.Length);

    private IResult Serve(int id)
    {
        if ((uint)id >= (uint)feeds.Length)
        {
            return Results.NotFound();
        }

        var now = DateTimeOffset.UtcNow;
        var end = Math.Max(0, (int)Math.Floor((now - Appears(id, 0)) / period) + 1);
        var first = Math.Max(0, end - window);
        var feed = feeds[id];
        lock (feed)
        {
            feed.Requests++;
            feed.Responses.Add(new CrashResponse(now, first, end));
        }

        return Results.Bytes(Render(id, first, end), "application/rss+xml; charset=utf-8");
    }

    private byte[] Render(int id, int first, int end)
    {
        var xml = new StringBuilder(1024 * (end - first + 1));
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Wire {id}</title><link>https://wire{id}.example/</link><description>Crash-test feed</description>

            """);
        for (var seq = end - 1; seq >= first; seq--)
        {
            var date = Appears(id, seq).ToString("R", CultureInfo.InvariantCulture);
            var (title, text) = (((id * 7) + seq) % 4) switch
            {
                0 => ($"River flood warnings raised along valley {seq % 97}", "Flood defences were tested overnight as flooding reached the lower town"),
                1 => ($"Flood water recedes from district {seq % 89}", "Residents returned after the floods while engineers inspected the bridges"),
                2 => ($"Election count continues in ward {seq % 83}", "Officials counted ballots into the night as the election turnout rose"),
                _ => ($"Market prices steady in region {seq % 79}", "Traders reported steady prices for grain and fuel at the weekly market"),
            };
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>{title} (report {seq} from wire {id})</title>
                <link>https://wire{id}.example/news/{seq}</link><guid isPermaLink="false">{Identity(id, seq)}</guid><pubDate>{date}</pubDate>
                <description>&lt;p&gt;{text}. Report {seq} of wire {id}, filed by the regional desk with statements from local officials, residents and observers.&lt;/p&gt;&lt;p&gt;More details will follow in later reports.&lt;/p&gt;</description></item>

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

    private sealed class FeedState
    {
        public int Requests;
        public readonly List<CrashResponse> Responses = [];
    }
}

/// <summary>One response of a <see cref="CrashPublisher"/> feed: when it was made, and its items from <c>First</c> to <c>End</c> (exclusive).</summary>
internal readonly record struct CrashResponse(DateTimeOffset At, int First, int End);
