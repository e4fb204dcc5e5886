namespace FeedAggregator.Webhooks;

/// <summary>
/// When a failed batch is tried again: <see cref="WebhookOptions.InitialDelay"/> after the first failure, four times
/// longer after each next one, ±20% jitter so that endpoints failing together do not retry together, never sooner than
/// the receiver's <c>Retry-After</c>, never later than <see cref="WebhookOptions.MaxDelay"/>.
/// </summary>
internal static class RetrySchedule
{
    public const double Factor = 4;
    public const double Jitter = 0.2;

    /// <param name="failures">Attempts made at the batch so far, all failed: 1 after the first.</param>
    /// <param name="random">A number in [0, 1) that places the delay within its jitter.</param>
    public static TimeSpan Delay(WebhookOptions options, int failures, DateTimeOffset now, DateTimeOffset? retryAfter, double random)
    {
        var backoff = options.InitialDelay.TotalMilliseconds * Math.Pow(Factor, Math.Max(0, failures - 1));
        var jittered = backoff * (1 - Jitter + (2 * Jitter * random));
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
        if (retryAfter is { } asked && asked - now > delay)
        {
            delay = asked - now;
        }

        return delay > options.MaxDelay ? options.MaxDelay : delay;
    }
}
