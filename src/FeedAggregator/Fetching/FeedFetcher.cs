using System.Net;
using System.Net.Http.Headers;
using FeedAggregator.Configuration;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FeedAggregator.Fetching;

/// <summary>
/// Gets a feed's bytes over http(s) or from a file, politely: conditional GET, at most
/// <see cref="FetchingOptions.MaxConcurrentFetches"/> fetches at once and <see cref="FetchingOptions.MaxFetchesPerHost"/> per
/// host, redirects followed by hand (counted, permanent ones reported, private addresses guarded), the body capped while
/// it streams. Transient failures are retried within the poll by each host's resilience pipeline, whose circuit breaker
/// stops hammering a host that is down.
/// </summary>
public sealed class FeedFetcher
{
    public const string HttpClientName = "feeds";

    /// <summary>The client for redirect hops that must stay out of private networks.</summary>
    public const string GuardedClientName = "feeds-guarded";

    private const string Accept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";

    private readonly IHttpClientFactory clients;
    private readonly FetchingOptions options;
    private readonly HostGates gates;
    private readonly AddressGuard guard;
    private readonly TimeProvider time;
    private readonly string userAgent;

    public FeedFetcher(
        IHttpClientFactory clients, IOptions<FetchingOptions> options, IOptions<AggregatorOptions> aggregator, AddressGuard guard, TimeProvider time)
    {
        this.clients = clients;
        this.options = options.Value;
        this.guard = guard;
        this.time = time;
        gates = new HostGates(this.options, time);
        userAgent = this.options.UserAgentHeader(aggregator.Value.PublicBaseUrl);
    }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        if (request.Url.IsFile)
        {
            return await ReadFileAsync(request.Url, cancellationToken).ConfigureAwait(false);
        }

        if (request.Url.Scheme is not ("http" or "https"))
        {
            return FetchResult.Failed(FetchErrors.Blocked, $"{request.Url.Scheme}: URLs are never fetched");
        }

        var host = gates.For(request.Url);
        await host.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await host.Pipeline.ExecuteAsync(
                static async (state, token) => await state.fetcher.AttemptAsync(state.request, token).ConfigureAwait(false),
                (fetcher: this, request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return FetchResult.Failed(FetchErrors.Timeout, $"no complete answer within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (BrokenCircuitException e)
        {
            var until = e.RetryAfter is { } wait ? $" for {wait.TotalSeconds:0} s" : "";
            return FetchResult.Failed(host.LastErrorClass ?? FetchErrors.Connect,
                $"not tried: {request.Url.IdnHost} failed repeatedly and is left alone{until} (last: {host.LastError ?? "unknown"})")
                with { RetryAfter = e.RetryAfter is { } delay ? time.GetUtcNow() + delay : null };
        }
        catch (HttpRequestException e) when (e.InnerException is PrivateAddressException blocked)
        {
            return FetchResult.Failed(FetchErrors.Blocked, blocked.Message);
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failed(Classify(e), e.Message);
        }
        catch (IOException e)
        {
            return FetchResult.Failed(FetchErrors.Connect, $"connection broke while reading the body: {e.Message}");
        }
        finally
        {
            host.Slots.Release();
        }
    }

    /// <summary>One attempt: the redirect chain to its end, under one global slot.</summary>
    private async Task<FetchResult> AttemptAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        await gates.All.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await FollowAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gates.All.Release();
        }
    }

    private async Task<FetchResult> FollowAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var url = request.Url;
        var visited = new List<Uri> { url };
        Uri? permanent = null;
        var onlyPermanentSoFar = true;
        var guarded = false;
        while (true)
        {
            var client = clients.CreateClient(guarded ? GuardedClientName : HttpClientName);
            using var message = new HttpRequestMessage(HttpMethod.Get, url);
            message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            message.Headers.TryAddWithoutValidation("Accept", Accept);
            if (request.ETag is not null)
            {
                message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
            }

            if (request.LastModified is not null)
            {
                message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
            }

            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = response.Headers.Location;
                if (location is null || !Uri.TryCreate(url, location, out var next))
                {
                    return Failed(FetchErrors.HttpError, $"HTTP {status} without a usable Location", status, url);
                }

                if (next.Scheme is not ("http" or "https"))
                {
                    return Failed(FetchErrors.Blocked, $"HTTP {status} to {next.Scheme}: is never followed", status, url);
                }

                if (visited.Contains(next))
                {
                    return Failed(FetchErrors.HttpError, $"redirect loop: {string.Join(" → ", visited)} → {next}", status, url);
                }

                if (visited.Count > options.MaxRedirects)
                {
                    return Failed(FetchErrors.HttpError, $"more than {options.MaxRedirects} redirects: {string.Join(" → ", visited)} → {next}", status, url);
                }

                onlyPermanentSoFar &= status is 301 or 308;
                if (onlyPermanentSoFar)
                {
                    permanent = next;
                }

                guarded = guard.GuardsRedirectFrom(url);
                visited.Add(next);
                url = next;
                continue;
            }

            return await AnswerAsync(response, status, url, permanent, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FetchResult> AnswerAsync(
        HttpResponseMessage response, int status, Uri url, Uri? permanent, FetchRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hints = new FetchResult
        {
            StatusCode = status,
            FinalUri = url,
            PermanentRedirect = permanent,
            RetryAfter = RetryAfter(response.Headers.RetryAfter, now),
            FreshUntil = FreshUntil(response, now),
        };

        if (status == 304)
        {
            return hints with
            {
                NotModified = true,
                ETag = response.Headers.ETag?.ToString() ?? request.ETag,
                LastModified = response.Content.Headers.LastModified?.ToString("R") ?? request.LastModified,
            };
        }

        if (!response.IsSuccessStatusCode)
        {
            var errorClass = IsBotWall(response) ? FetchErrors.Blocked : FetchErrors.ForStatus(status);
            return hints with { ErrorClass = errorClass, Error = $"HTTP {status} {response.ReasonPhrase}".TrimEnd() };
        }

        var content = response.Content.Headers;
        if (content.ContentLength > options.MaxBodyBytes)
        {
            return TooLarge(hints);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await ReadCappedAsync(body, cancellationToken).ConfigureAwait(false);
        return bytes is null
            ? TooLarge(hints)
            : hints with
            {
                Body = bytes,
                ContentType = content.ContentType?.ToString(),
                ContentLanguage = content.ContentLanguage.FirstOrDefault(),
                ETag = response.Headers.ETag?.ToString(),
                LastModified = content.LastModified?.ToString("R"),
            };
    }

    /// <summary>Challenge pages of bot-protection services, whatever their status: answered as "blocked", not as a server error.</summary>
    private static bool IsBotWall(HttpResponseMessage response) =>
        response.Headers.TryGetValues("cf-mitigated", out _)
        || ((int)response.StatusCode is 403 or 503 && response.Headers.Server.Any(s => s.Product?.Name.Equals("cloudflare", StringComparison.OrdinalIgnoreCase) == true));

    private static FetchResult Failed(string errorClass, string error, int status, Uri url) =>
        FetchResult.Failed(errorClass, error, status) with { FinalUri = url };

    private FetchResult TooLarge(FetchResult hints) =>
        hints with { ErrorClass = FetchErrors.TooLarge, Error = $"body larger than {options.MaxBodyBytes} bytes" };

    internal static DateTimeOffset? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta is { } delta ? now + delta : header?.Date;

    /// <summary><c>Cache-Control: max-age</c> (less <c>Age</c>) when given, else <c>Expires</c> taken relative to the server's <c>Date</c>.</summary>
    internal static DateTimeOffset? FreshUntil(HttpResponseMessage response, DateTimeOffset now)
    {
        var cache = response.Headers.CacheControl;
        if (cache is { NoStore: true } or { NoCache: true })
        {
            return null;
        }

        if (cache?.MaxAge is { } maxAge)
        {
            return now + maxAge - (response.Headers.Age ?? TimeSpan.Zero);
        }

        if (response.Content.Headers.Expires is { } expires)
        {
            return response.Headers.Date is { } date ? now + (expires - date) : expires;
        }

        return null;
    }

    /// <summary>Reads at most the configured number of bytes; null when the body is longer.</summary>
    private async Task<byte[]?> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task<FetchResult> ReadFileAsync(Uri url, CancellationToken cancellationToken)
    {
        var path = url.LocalPath;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > options.MaxBodyBytes)
            {
                return FetchResult.Failed(FetchErrors.TooLarge, $"{path} is larger than {options.MaxBodyBytes} bytes");
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return new FetchResult { Body = bytes, FinalUri = url };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FetchResult.Failed(FetchErrors.NotFound, $"no file at {path}");
        }
        catch (UnauthorizedAccessException)
        {
            return FetchResult.Failed(FetchErrors.Blocked, $"no permission to read {path}");
        }
        catch (IOException e)
        {
            return FetchResult.Failed(FetchErrors.Connect, $"{path}: {e.Message}");
        }
    }

    internal static string Classify(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => FetchErrors.Dns,
        HttpRequestError.SecureConnectionError => FetchErrors.Tls,
        _ => FetchErrors.Connect,
    };
}

public static class FetchingRegistration
{
    public static IHostApplicationBuilder AddFetching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FetchingOptions>()
            .BindConfiguration(FetchingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new AddressGuard(services.GetRequiredService<IOptions<FetchingOptions>>().Value));
        AddClient(builder, FeedFetcher.HttpClientName, guarded: false);
        AddClient(builder, FeedFetcher.GuardedClientName, guarded: true);
        builder.Services.AddSingleton<FeedFetcher>();
        return builder;
    }

    private static void AddClient(IHostApplicationBuilder builder, string name, bool guarded) =>
        builder.Services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var guard = services.GetRequiredService<AddressGuard>();
                return new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, token) => guard.ConnectAsync(context.DnsEndPoint, guarded, token),
                };
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}
