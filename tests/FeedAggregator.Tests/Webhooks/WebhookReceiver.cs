using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Webhooks;

/// <summary>A webhook receiver on real Kestrel: it keeps every request as it came and answers as the test tells it.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> deliveries = new();
    private FeedServer server = null!;
    private int count;

    private WebhookReceiver(Func<int, int> answer) => Answer = answer;

    /// <summary>The status to answer the n-th request with, counting from 1.</summary>
    public Func<int, int> Answer { get; set; }

    public Uri Url => server.Url("hook");

    public IReadOnlyList<Delivery> Deliveries => [.. deliveries];

    /// <summary>Only the requests answered with 2xx: what the receiver accepted, in order.</summary>
    public IReadOnlyList<Delivery> Accepted => [.. deliveries.Where(d => d.Status is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null)
    {
        var receiver = new WebhookReceiver(answer ?? (_ => 200));
        receiver.server = await FeedServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var status = receiver.Answer(Interlocked.Increment(ref receiver.count));
            receiver.deliveries.Enqueue(new Delivery(
                request.Headers["Idempotency-Key"].ToString(),
                request.Headers["X-FeedAggregator-Timestamp"].ToString(),
                request.Headers["X-FeedAggregator-Signature"].ToString(),
                request.ContentType,
                body.ToArray(),
                status,
                DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        }));
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds of the deliveries so far.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitForAsync(Func<IReadOnlyList<Delivery>, bool> done, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!done(Deliveries))
        {
            await Task.Delay(50, timeout.Token);
        }

        return Deliveries;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    /// <summary>One request as it arrived, and the status it was answered with.</summary>
    internal sealed record Delivery(string Key, string Timestamp, string Signature, string? ContentType, byte[] Body, int Status, DateTimeOffset At)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public IEnumerable<JsonElement> Changes => Json.GetProperty("changes").EnumerateArray();

        public IEnumerable<long> Seqs => Changes.Select(c => c.GetProperty("seq").GetInt64());

        /// <summary>What a receiver does: the HMAC of "{timestamp}.{raw body}" under the secret, compared in constant time.</summary>
        public bool SignedWith(string secret)
        {
            var signed = Encoding.UTF8.GetBytes(Timestamp + ".").Concat(Body).ToArray();
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Signature));
        }
    }
}
