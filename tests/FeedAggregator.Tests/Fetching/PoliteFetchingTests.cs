using System.IO.Compression;
using System.Text;
using FeedAggregator.Fetching;
using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Fetching;

/// <summary>Polling against a real Kestrel server on 127.0.0.1 that misbehaves on purpose; time moves only when the test moves it.</summary>
public sealed class PoliteFetchingTests
{
    private static readonly byte[] Rss = Repository.FixtureBytes("trafficking.rss.xml");

    private static Dictionary<string, Uri> Feeds(FeedServer server, params string[] paths) =>
        paths.ToDictionary(p => p.Trim('/').Replace('/', '-'), p => server.Url(p));

    [Test]
    public async Task ETag_IsSentBack_And304CostsNoParseAndNoItemWrites()
    {
        string? seenIfNoneMatch = null;
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/etag", (HttpContext http) =>
        {
            seenIfNoneMatch = http.Request.Headers.IfNoneMatch;
            if (seenIfNoneMatch == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            http.Response.Headers.ETag = "\"v1\"";
            return Results.Bytes(Rss, "application/rss+xml");
        }));
        await using var poller = new Poller(Feeds(server, "etag"));

        var first = await poller.PollAsync("etag");
        using var store = poller.Store();
        var items = store.Scalar("SELECT count(*) FROM items");
        var second = await poller.PollAsync("etag");

        Assert.Multiple(() =>
        {
            Assert.That((first.Result, first.ItemsAdded > 0), Is.EqualTo(("changed", true)));
            Assert.That(seenIfNoneMatch, Is.EqualTo("\"v1\""));
            Assert.That((second.Succeeded, second.Result, second.HttpStatus, second.ItemsAdded), Is.EqualTo((true, "not-modified", 304, 0)));
            Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.EqualTo(items));
        });
    }

    [Test]
    public async Task LastModified_WithoutETag_IsSentBackAsIfModifiedSince()
    {
        var lastModified = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        string? seen = null;
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/lm", (HttpContext http) =>
        {
            seen = http.Request.Headers.IfModifiedSince;
            if (http.Request.GetTypedHeaders().IfModifiedSince >= lastModified)
            {
                return Results.StatusCode(304);
            }

            http.Response.GetTypedHeaders().LastModified = lastModified;
            return Results.Bytes(Rss, "application/rss+xml");
        }));
        await using var poller = new Poller(Feeds(server, "lm"));

        await poller.PollAsync("lm");
        var second = await poller.PollAsync("lm");

        Assert.That(seen, Is.EqualTo("Fri, 20 Nov 2026 08:00:00 GMT"));
        Assert.That(second.Result, Is.EqualTo("not-modified"));
    }

    [Test]
    public async Task ETagChange_IsParsed_AndSameBytesWithoutValidators_AreSkippedByHash()
    {
        var version = 1;
        await using var server = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/changing", (HttpContext http) =>
            {
                http.Response.Headers.ETag = $"\"v{version}\"";
                return http.Request.Headers.IfNoneMatch == $"\"v{version}\"" ? Results.StatusCode(304) : Results.Bytes(Feed(version), "application/rss+xml");
            });
            app.MapGet("/plain", () => Results.Bytes(Rss, "application/rss+xml"));
        });
        await using var poller = new Poller(Feeds(server, "changing", "plain"));

        await poller.PollAsync("changing");
        version = 2;
        var changed = await poller.PollAsync("changing");
        await poller.PollAsync("plain");
        var same = await poller.PollAsync("plain");

        Assert.Multiple(() =>
        {
            Assert.That((changed.Result, changed.ItemsAdded), Is.EqualTo(("changed", 1)));
            Assert.That((same.Result, same.HttpStatus, same.ItemsAdded), Is.EqualTo(("unchanged", 200, 0)));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task TooManyRequests_IsNotRetried_AndTheNextPollWaitsForRetryAfter(bool asDate)
    {
        await using var poller = await PollerWith429Async(asDate);
        var now = poller.Time.GetUtcNow();

        var outcome = await poller.PollAsync("limited");

        Assert.Multiple(() =>
        {
            Assert.That((outcome.ErrorClass, outcome.HttpStatus), Is.EqualTo((FetchErrors.RateLimited, 429)));
            Assert.That(outcome.NextPollAt, Is.EqualTo(now + TimeSpan.FromHours(2)).Within(TimeSpan.FromSeconds(1)));
        });
    }

    private static async Task<Poller> PollerWith429Async(bool asDate)
    {
        var time = new ManualTime();
        var server = await FeedServer.StartAsync(app => app.MapGet("/limited", (HttpContext http) =>
        {
            http.Response.Headers.RetryAfter = asDate ? (time.GetUtcNow() + TimeSpan.FromHours(2)).ToString("R") : "7200";
            return Results.StatusCode(429);
        }));
        return new Poller(Feeds(server, "limited"), time, server);
    }

    [Test]
    public async Task ServiceUnavailableThenOk_IsRetriedWithinThePoll()
    {
        var calls = 0;
        await using var server = await FeedServer.StartAsync(app =>
            app.MapGet("/flaky", () => Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(503) : Results.Bytes(Rss, "application/rss+xml")));
        await using var poller = new Poller(Feeds(server, "flaky"));

        var outcome = await poller.PollAsync("flaky");

        Assert.That((outcome.Succeeded, calls), Is.EqualTo((true, 2)));
    }

    [Test]
    public async Task ServerErrorThreeTimes_FailsThePoll_BacksOffExponentially_AndRecoversOnSuccess()
    {
        var failing = true;
        await using var server = await FeedServer.StartAsync(app =>
            app.MapGet("/broken", () => failing ? Results.StatusCode(500) : Results.Bytes(Rss, "application/rss+xml")));
        await using var poller = new Poller(Feeds(server, "broken"), "--Fetching:HostFailuresToBreak=100");
        var now = poller.Time.GetUtcNow();

        var first = await poller.PollAsync("broken");
        var second = await poller.PollAsync("broken");
        var third = await poller.PollAsync("broken");
        failing = false;
        var recovered = await poller.PollAsync("broken");
        var status = await poller.StatusAsync("broken");

        var interval = TimeSpan.FromMinutes(10);
        Assert.Multiple(() =>
        {
            Assert.That(server.Hits("/broken"), Is.EqualTo(10), "three attempts per failing poll, one for the good one");
            Assert.That(first.ErrorClass, Is.EqualTo(FetchErrors.ServerError));
            Assert.That(first.NextPollAt - now, Is.InRange(interval * 0.8, interval * 1.2));
            Assert.That(second.NextPollAt - now, Is.InRange(interval * 1.6, interval * 2.4));
            Assert.That(third.NextPollAt - now, Is.InRange(interval * 3.2, interval * 4.8));
            Assert.That(recovered.NextPollAt - now, Is.EqualTo(interval));
            Assert.That((status.State, status.ConsecutiveFailures, status.LastErrorClass), Is.EqualTo((FeedStates.Ok, 0, (string?)null)));
        });
    }

    [Test]
    public async Task Backoff_IsCappedAtMaxDelay_AndNeverGivesUp()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/down", () => Results.StatusCode(500)));
        await using var poller = new Poller(Feeds(server, "down"), "--Fetching:MaxRetries=0", "--Fetching:HostFailuresToBreak=1000");
        var now = poller.Time.GetUtcNow();

        PollOutcome last = null!;
        for (var i = 0; i < 12; i++)
        {
            last = await poller.PollAsync("down");
        }

        var status = await poller.StatusAsync("down");
        Assert.That(last.NextPollAt - now, Is.EqualTo(TimeSpan.FromHours(24)));
        Assert.That((status.State, status.ConsecutiveFailures), Is.EqualTo((FeedStates.Failing, 12)));
    }

    [Test]
    public async Task PermanentRedirectChain_MovesTheFeedAfterThreePolls_TemporaryNever()
    {
        await using var server = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/older", permanent: true));
            app.MapGet("/older", () => Results.Redirect("/new", permanent: true, preserveMethod: true));
            app.MapGet("/new", () => Results.Bytes(Rss, "application/rss+xml"));
            app.MapGet("/temp", () => Results.Redirect("/new", permanent: false));
        });
        await using var poller = new Poller(Feeds(server, "old", "temp"));

        var first = await poller.PollAsync("old");
        var afterOne = await poller.StatusAsync("old");
        await poller.PollAsync("old");
        await poller.PollAsync("old");
        var moved = await poller.StatusAsync("old");
        var hitsBefore = server.Hits("/old");
        await poller.PollAsync("old");
        for (var i = 0; i < 4; i++)
        {
            await poller.PollAsync("temp");
        }

        var temp = await poller.StatusAsync("temp");
        Assert.Multiple(() =>
        {
            Assert.That(first.Succeeded, Is.True);
            Assert.That((afterOne.State, afterOne.Fetch.RedirectTarget, afterOne.Fetch.RedirectPolls), Is.EqualTo((FeedStates.Ok, server.Url("new").ToString(), 1)));
            Assert.That((moved.State, moved.Fetch.EffectiveUrl), Is.EqualTo((FeedStates.Moved, server.Url("new").ToString())));
            Assert.That(server.Hits("/old"), Is.EqualTo(hitsBefore), "a moved feed is polled at its new URL");
            Assert.That((temp.State, temp.Fetch.EffectiveUrl, temp.Fetch.RedirectPolls), Is.EqualTo((FeedStates.Ok, (string?)null, 0)));
        });
    }

    [Test]
    public async Task RedirectLoop_AndTooManyRedirects_AreErrors()
    {
        await using var server = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/ping", () => Results.Redirect("/pong"));
            app.MapGet("/pong", () => Results.Redirect("/ping"));
            app.MapGet("/hop/{n:int}", (int n) => Results.Redirect($"/hop/{n + 1}"));
        });
        await using var poller = new Poller(Feeds(server, "ping", "hop/0"));

        var loop = await poller.PollAsync("ping");
        var chain = await poller.PollAsync("hop-0");

        Assert.Multiple(() =>
        {
            Assert.That((loop.ErrorClass, loop.Error), Is.EqualTo((FetchErrors.HttpError, loop.Error)));
            Assert.That(loop.Error, Does.StartWith("redirect loop"));
            Assert.That(chain.Error, Does.StartWith("more than 5 redirects"));
            Assert.That(server.Hits("/hop/5"), Is.EqualTo(1));
            Assert.That(server.Hits("/hop/6"), Is.Zero);
        });
    }

    [Test]
    public async Task RedirectFromAPublicAddressToAPrivateOne_IsRefused_ByTheAddressConnectedTo()
    {
        await using var inside = await FeedServer.StartAsync(app => app.MapGet("/secret", () => Results.Bytes(Rss, "application/rss+xml")), "127.0.0.2");
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/out", () => Results.Redirect(inside.Url("secret").ToString())));
        await using var poller = new Poller(Feeds(server, "out"), "--Fetching:PublicAddresses:0=127.0.0.1");

        var outcome = await poller.PollAsync("out");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ErrorClass, Is.EqualTo(FetchErrors.Blocked));
            Assert.That(outcome.Error, Does.Contain("127.0.0.2").And.Contain("AllowPrivateNetworks"));
            Assert.That(inside.Hits("/secret"), Is.Zero, "the connection is closed before a request is sent");
        });
    }

    [TestCase(false, Description = "a private origin: the operator's own network")]
    [TestCase(true, Description = "a public origin, private networks allowed by configuration")]
    public async Task RedirectIntoAPrivateNetwork_IsFollowed_WhenTheOriginIsPrivateOrItIsAllowed(bool allowed)
    {
        string[] settings = allowed ? ["--Fetching:PublicAddresses:0=127.0.0.1", "--Fetching:AllowPrivateNetworks=true"] : [];
        await using var inside = await FeedServer.StartAsync(app => app.MapGet("/feed", () => Results.Bytes(Rss, "application/rss+xml")), "127.0.0.2");
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/out", () => Results.Redirect(inside.Url("feed").ToString())));
        await using var poller = new Poller(Feeds(server, "out"), settings);

        var outcome = await poller.PollAsync("out");

        Assert.That(outcome.Succeeded, Is.True, outcome.Error);
    }

    [Test]
    public async Task TricklingBody_TimesOut()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/slow", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/rss+xml";
            for (var i = 0; i < 30 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync(Rss.AsMemory(i, 1), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(1000, http.RequestAborted);
            }
        }));
        await using var poller = new Poller(Feeds(server, "slow"), "--Fetching:Timeout=00:00:02", "--Fetching:MaxRetries=0");

        var outcome = await poller.PollAsync("slow");

        Assert.That((outcome.ErrorClass, outcome.Error), Is.EqualTo((FetchErrors.Timeout, "no complete answer within 2 s")));
    }

    [Test]
    public async Task EndlessBody_StopsAtTheCap()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/endless", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/rss+xml";
            var chunk = Encoding.UTF8.GetBytes(new string('x', 8192));
            while (!http.RequestAborted.IsCancellationRequested)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
            }
        }));
        await using var poller = new Poller(Feeds(server, "endless"), "--Fetching:MaxBodyBytes=1048576", "--Fetching:MaxRetries=0");

        var outcome = await poller.PollAsync("endless");

        Assert.That((outcome.ErrorClass, outcome.Error), Is.EqualTo((FetchErrors.TooLarge, "body larger than 1048576 bytes")));
    }

    [Test]
    public async Task GzipBomb_StopsAtTheCapAfterDecompression()
    {
        var bomb = new MemoryStream();
        await using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 200; i++)
            {
                gzip.Write(zeros);
            }
        }

        await using var server = await FeedServer.StartAsync(app => app.MapGet("/bomb", (HttpContext http) =>
        {
            http.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(bomb.ToArray(), "application/rss+xml");
        }));
        await using var poller = new Poller(Feeds(server, "bomb"), "--Fetching:MaxBodyBytes=4194304");

        var outcome = await poller.PollAsync("bomb");

        Assert.That(bomb.Length, Is.LessThan(1 << 20), "200 MiB of zeros compress to well under 1 MiB");
        Assert.That(outcome.ErrorClass, Is.EqualTo(FetchErrors.TooLarge));
    }

    [Test]
    public async Task CompressedFeed_IsDecompressed_AndRequestsNameTheServiceAndPreferFeeds()
    {
        string? userAgent = null, accept = null, acceptEncoding = null;
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/br", (HttpContext http) =>
        {
            (userAgent, accept, acceptEncoding) = (http.Request.Headers.UserAgent, http.Request.Headers.Accept, http.Request.Headers.AcceptEncoding);
            var compressed = new MemoryStream();
            using (var brotli = new BrotliStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                brotli.Write(Rss);
            }

            http.Response.Headers.ContentEncoding = "br";
            return Results.Bytes(compressed.ToArray(), "application/rss+xml");
        }));
        await using var poller = new Poller(Feeds(server, "br"), "--Fetching:ContactUrl=https://news.example.org/contact");

        var outcome = await poller.PollAsync("br");

        Assert.Multiple(() =>
        {
            Assert.That((outcome.Result, outcome.ItemsAdded > 0), Is.EqualTo(("changed", true)));
            Assert.That(userAgent, Is.EqualTo("FeedAggregator/1.0 (news feed aggregator; +https://news.example.org/contact)"));
            Assert.That(accept, Does.StartWith("application/rss+xml, application/atom+xml, application/feed+json"));
            Assert.That(acceptEncoding, Does.Contain("gzip").And.Contain("deflate").And.Contain("br"));
        });
    }

    [Test]
    public async Task HtmlServedAsAFeed_IsNotAFeed_AndABotWallIsBlocked()
    {
        await using var server = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/html", () => Results.Text("<!doctype html><html><head><title>News</title></head><body>Hello</body></html>", "application/rss+xml"));
            app.MapGet("/wall", () => Results.Text("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id=\"challenge-platform\"></div></body></html>", "text/html"));
            app.MapGet("/wall403", (HttpContext http) =>
            {
                http.Response.Headers["cf-mitigated"] = "challenge";
                return Results.StatusCode(403);
            });
        });
        await using var poller = new Poller(Feeds(server, "html", "wall", "wall403"));

        var html = await poller.PollAsync("html");
        var wall = await poller.PollAsync("wall");
        var wall403 = await poller.PollAsync("wall403");

        Assert.That(html.ErrorClass, Is.EqualTo(FetchErrors.NotAFeed));
        Assert.That(wall.ErrorClass, Is.EqualTo(FetchErrors.Blocked));
        Assert.That(wall403.ErrorClass, Is.EqualTo(FetchErrors.Blocked));
    }

    [Test]
    public async Task GoodFeedWithAWrongContentType_IsReadAnyway()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/wrong", () => Results.Bytes(Rss, "text/plain; charset=iso-8859-1")));
        await using var poller = new Poller(Feeds(server, "wrong"));

        var outcome = await poller.PollAsync("wrong");

        Assert.That((outcome.Succeeded, outcome.ItemsAdded > 0), Is.EqualTo((true, true)));
    }

    [Test]
    public async Task ConnectionResetMidBody_IsAConnectError_AndNothingIsStored()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/reset", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/rss+xml";
            http.Response.ContentLength = Rss.Length;
            await http.Response.Body.WriteAsync(Rss.AsMemory(0, Rss.Length / 2));
            await http.Response.Body.FlushAsync();
            http.Abort();
        }));
        await using var poller = new Poller(Feeds(server, "reset"));

        var outcome = await poller.PollAsync("reset");

        using var store = poller.Store();
        Assert.That(outcome.ErrorClass, Is.EqualTo(FetchErrors.Connect));
        Assert.That(server.Hits("/reset"), Is.EqualTo(3), "a broken connection is transient: retried within the poll");
        Assert.That(store.Scalar("SELECT count(*) FROM items"), Is.Zero);
    }

    [Test]
    public async Task Gone_IsPolledOnceADay_NotFound_BacksOff()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/gone", () => Results.StatusCode(410)));
        await using var poller = new Poller(Feeds(server, "gone", "missing"));
        var now = poller.Time.GetUtcNow();

        var gone = await poller.PollAsync("gone");
        await poller.PollAsync("missing");
        var missing = await poller.PollAsync("missing");
        var goneStatus = await poller.StatusAsync("gone");

        Assert.Multiple(() =>
        {
            Assert.That((gone.ErrorClass, goneStatus.State), Is.EqualTo((FetchErrors.Gone, FeedStates.Gone)));
            Assert.That(gone.NextPollAt - now, Is.EqualTo(TimeSpan.FromDays(1)));
            Assert.That(missing.ErrorClass, Is.EqualTo(FetchErrors.NotFound));
            Assert.That(missing.NextPollAt - now, Is.GreaterThan(TimeSpan.FromMinutes(15)), "the second failure waits about twice the interval");
        });
    }

    [Test]
    public async Task CachingHeadersAndTtl_PushTheNextPollBack_EachCapped()
    {
        await using var server = await FeedServer.StartAsync(app =>
        {
            app.MapGet("/maxage", (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "max-age=3600";
                return Results.Bytes(Rss, "application/rss+xml");
            });
            app.MapGet("/ttl", () => Results.Text(
                "<rss version=\"2.0\"><channel><title>t</title><ttl>180</ttl><item><title>a</title><guid>1</guid></item></channel></rss>", "application/rss+xml"));
            app.MapGet("/expires", (HttpContext http) =>
            {
                var date = DateTimeOffset.UtcNow;
                http.Response.Headers.Date = date.ToString("R");
                http.Response.Headers.Expires = (date + TimeSpan.FromMinutes(150)).ToString("R");
                return Results.Bytes(Rss, "application/rss+xml");
            });
            app.MapGet("/forever", (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "max-age=31536000";
                return Results.Bytes(Rss, "application/rss+xml");
            });
        });
        await using var poller = new Poller(Feeds(server, "maxage", "expires", "ttl", "forever"));
        var now = poller.Time.GetUtcNow();

        var maxAge = await poller.PollAsync("maxage");
        var expires = await poller.PollAsync("expires");
        var ttl = await poller.PollAsync("ttl");
        var ttlAgain = await poller.PollAsync("ttl");
        var forever = await poller.PollAsync("forever");

        Assert.Multiple(() =>
        {
            Assert.That(maxAge.NextPollAt - now, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(expires.NextPollAt - now, Is.EqualTo(TimeSpan.FromMinutes(150)), "Expires is read against the server's Date");
            Assert.That(ttl.NextPollAt - now, Is.EqualTo(TimeSpan.FromHours(3)));
            Assert.That((ttlAgain.Result, ttlAgain.NextPollAt - now), Is.EqualTo(("unchanged", (TimeSpan?)TimeSpan.FromHours(3))), "the ttl is remembered");
            Assert.That(forever.NextPollAt - now, Is.EqualTo(TimeSpan.FromHours(24)));
        });
    }

    [Test]
    public async Task FetchesToOneHost_NeverExceedThePerHostLimit()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/f/{n:int}", async (int n) =>
        {
            await Task.Delay(100);
            return Results.Bytes(Rss, "application/rss+xml");
        }));
        var paths = Enumerable.Range(0, 8).Select(n => $"f/{n}").ToArray();
        await using var poller = new Poller(Feeds(server, paths), "--Fetching:MaxFetchesPerHost=2");

        await Task.WhenAll(paths.Select(p => poller.PollAsync(p.Replace('/', '-'))));

        Assert.That(server.MaxConcurrent, Is.EqualTo(2));
    }

    [Test]
    public async Task FetchesOverAllHosts_NeverExceedTheOverallLimit()
    {
        var (now, most) = (0, 0);
        async Task<IResult> Slow()
        {
            lock (Rss)
            {
                most = Math.Max(most, ++now);
            }

            await Task.Delay(100);
            lock (Rss)
            {
                now--;
            }

            return Results.Bytes(Rss, "application/rss+xml");
        }

        await using var one = await FeedServer.StartAsync(app => app.MapGet("/f/{n:int}", (int n) => Slow()));
        await using var two = await FeedServer.StartAsync(app => app.MapGet("/g/{n:int}", (int n) => Slow()), "127.0.0.3");
        var feeds = Enumerable.Range(0, 4).ToDictionary(n => $"one-{n}", n => one.Url($"f/{n}"));
        foreach (var n in Enumerable.Range(0, 4))
        {
            feeds[$"two-{n}"] = two.Url($"g/{n}");
        }

        await using var poller = new Poller(feeds, "--Fetching:MaxConcurrentFetches=3", "--Fetching:MaxFetchesPerHost=4");

        await Task.WhenAll(feeds.Keys.Select(poller.PollAsync));

        Assert.That(most, Is.EqualTo(3));
    }

    [Test]
    public async Task HostThatKeepsFailing_OpensItsCircuit_AndIsLeftAloneUntilTheBreakEnds()
    {
        await using var server = await FeedServer.StartAsync(app => app.MapGet("/down/{n:int}", (int n) => Results.StatusCode(503)));
        var paths = Enumerable.Range(0, 4).Select(n => $"down/{n}").ToArray();
        await using var poller = new Poller(Feeds(server, paths), "--Fetching:HostFailuresToBreak=4", "--Fetching:MaxRetries=1");

        var first = await poller.PollAsync("down-0");
        var second = await poller.PollAsync("down-1");
        var third = await poller.PollAsync("down-2");
        var hits = Enumerable.Range(0, 4).Sum(n => server.Hits($"/down/{n}"));
        poller.Time.Advance(TimeSpan.FromMinutes(6));
        var afterBreak = await poller.PollAsync("down-3");

        Assert.Multiple(() =>
        {
            Assert.That(first.ErrorClass, Is.EqualTo(FetchErrors.ServerError));
            Assert.That(hits, Is.EqualTo(4), "two polls of two attempts open the circuit; the third is not sent");
            Assert.That(third.ErrorClass, Is.EqualTo(FetchErrors.ServerError));
            Assert.That(third.Error, Does.StartWith($"not tried: 127.0.0.1 failed repeatedly"));
            Assert.That(server.Hits("/down/3"), Is.GreaterThan(0), "after the break the host is tried again");
            Assert.That(second.Succeeded && afterBreak.Succeeded, Is.False);
        });
    }

    private static byte[] Feed(int version) => Encoding.UTF8.GetBytes($"""
        <rss version="2.0"><channel><title>Changing</title>
        {string.Concat(Enumerable.Range(1, version).Select(i => $"<item><title>Item {i}</title><guid>item-{i}</guid></item>"))}
        </channel></rss>
        """);
}
