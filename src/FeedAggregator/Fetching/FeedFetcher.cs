using System.Net;
using FeedAggregator.Sources;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FeedAggregator.Fetching;

/// <summary>
/// Gets a feed's bytes over http(s) or from a file. Within one poll, transient failures (network errors, 408, 5xx)
/// are retried with jittered exponential backoff, each attempt under its own timeout; the body is capped while it streams.
/// </summary>
public sealed class FeedFetcher
{
    public const string HttpClientName = "feeds";

    private readonly IHttpClientFactory clients;
    private readonly FetchingOptions options;
    private readonly ResiliencePipeline<FetchResult> pipeline;

    public FeedFetcher(IHttpClientFactory clients, IOptions<FetchingOptions> options, TimeProvider time)
    {
        this.clients = clients;
        this.options = options.Value;
        var builder = new ResiliencePipelineBuilder<FetchResult> { TimeProvider = time };
        if (this.options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<FetchResult>
            {
                ShouldHandle = new PredicateBuilder<FetchResult>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is 408 or >= 500),
                MaxRetryAttempts = this.options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = this.options.RetryDelay,
            });
        }

        pipeline = builder.AddTimeout(this.options.Timeout).Build();
    }

    public async Task<FetchResult> FetchAsync(FeedSource feed, CancellationToken cancellationToken)
    {
        if (feed.Url.IsFile)
        {
            return await ReadFileAsync(feed.Url, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) => await state.fetcher.GetAsync(state.url, token).ConfigureAwait(false),
                (fetcher: this, url: feed.Url),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return FetchResult.Failed(FetchErrors.Timeout, $"no complete answer within {options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failed(Classify(e), e.Message);
        }
    }

    private async Task<FetchResult> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(options.UserAgent);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var finalUri = response.RequestMessage?.RequestUri ?? url;
        if (!response.IsSuccessStatusCode)
        {
            return FetchResult.Failed(FetchErrors.ForStatus(status), $"HTTP {status} {response.ReasonPhrase}", status) with { FinalUri = finalUri };
        }

        var content = response.Content.Headers;
        if (content.ContentLength > options.MaxBodyBytes)
        {
            return TooLarge(status, finalUri);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await ReadCappedAsync(body, cancellationToken).ConfigureAwait(false);
        return bytes is null
            ? TooLarge(status, finalUri)
            : new FetchResult
            {
                StatusCode = status,
                FinalUri = finalUri,
                Body = bytes,
                ContentType = content.ContentType?.ToString(),
                ContentLanguage = content.ContentLanguage.FirstOrDefault(),
            };
    }

    private FetchResult TooLarge(int status, Uri finalUri) =>
        FetchResult.Failed(FetchErrors.TooLarge, $"body larger than {options.MaxBodyBytes} bytes", status) with { FinalUri = finalUri };

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

    private static string Classify(HttpRequestException e) => e.HttpRequestError switch
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
        builder.Services.AddHttpClient(FeedFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        builder.Services.AddSingleton<FeedFetcher>();
        return builder;
    }
}
