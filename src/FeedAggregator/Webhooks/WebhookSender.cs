using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FeedAggregator.Configuration;
using FeedAggregator.Fetching;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FeedAggregator.Webhooks;

/// <summary>
/// One scheduled attempt at a batch: a signed POST, on a client that follows no redirect. Within the attempt, a
/// resilience pipeline gives each request <see cref="WebhookOptions.Timeout"/> and retries a broken connection or a
/// timeout a couple of times at once (a pooled connection the receiver had closed is the common case). An answer, any
/// answer, ends the attempt: a receiver's error is retried on the stored schedule, which survives a restart.
/// </summary>
internal sealed class WebhookSender
{
    public const string HttpClientName = "webhooks";

    /// <summary>Immediate retries within one attempt, on network errors and timeouts only.</summary>
    public const int InProcessRetries = 2;

    private readonly IHttpClientFactory clients;
    private readonly WebhookOptions options;
    private readonly TimeProvider time;
    private readonly string userAgent;
    private readonly ResiliencePipeline<AttemptResult> pipeline;

    public WebhookSender(
        IHttpClientFactory clients, IOptions<WebhookOptions> options, IOptions<FetchingOptions> fetching, IOptions<AggregatorOptions> aggregator, TimeProvider time)
    {
        this.clients = clients;
        this.options = options.Value;
        this.time = time;
        userAgent = fetching.Value.UserAgentHeader(aggregator.Value.PublicBaseUrl);
        pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException),
                MaxRetryAttempts = InProcessRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
            })
            .AddTimeout(this.options.Timeout)
            .Build();
    }

    public async Task<AttemptResult> SendAsync(WebhookEndpointSetting endpoint, PendingBatch batch, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(batch.Body);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) => await state.sender.PostAsync(state.endpoint, state.batch, state.body, token).ConfigureAwait(false),
                (sender: this, endpoint, batch, body),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return Failed($"timeout: no answer within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return Failed($"{FeedFetcher.Classify(e)}: {e.Message}");
        }
        catch (IOException e)
        {
            return Failed($"connect: the connection broke: {e.Message}");
        }
    }

    private async Task<AttemptResult> PostAsync(WebhookEndpointSetting endpoint, PendingBatch batch, byte[] body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Signed afresh for each request, so the timestamp says when it was sent; the body and the key never change.
        var timestamp = now.ToUnixTimeSeconds();
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        message.Headers.TryAddWithoutValidation(WebhookPayload.IdempotencyHeader, WebhookPayload.DeliveryId(endpoint.Name!, batch.FirstSeq, batch.LastSeq));
        message.Headers.TryAddWithoutValidation(WebhookPayload.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(WebhookPayload.SignatureHeader, WebhookPayload.Sign(endpoint.Secret!, timestamp, body));

        var client = clients.CreateClient(HttpClientName);
        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var reason = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        return status switch
        {
            >= 200 and < 300 => new AttemptResult(true, status, null, null),
            >= 300 and < 400 => new AttemptResult(false, status, $"{reason}: redirects are not followed; configure the final URL", null),
            _ => new AttemptResult(false, status, reason, FeedFetcher.RetryAfter(response.Headers.RetryAfter, now)),
        };
    }

    private static AttemptResult Failed(string error) => new(false, null, error, null);
}
