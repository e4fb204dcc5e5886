using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FeedAggregator.Fetching;

/// <summary>
/// What keeps fetching polite: one slot pool over all fetches, and per host a slot pool and a resilience pipeline —
/// retry (transient failures only: network errors, 408, 5xx; never 429), a circuit breaker, and a timeout per attempt.
/// </summary>
internal sealed class HostGates(FetchingOptions options, TimeProvider time)
{
    private readonly int perHost = options.MaxFetchesPerHost;
    private readonly ConcurrentDictionary<string, Host> hosts = new(StringComparer.OrdinalIgnoreCase);

    public SemaphoreSlim All { get; } = new(options.MaxConcurrentFetches, options.MaxConcurrentFetches);

    public Host For(Uri url) => hosts.GetOrAdd(url.IdnHost, static (_, gates) => new Host(gates.perHost, gates.Build), this);

    /// <summary>True for outcomes worth another attempt now: the network, a timeout, 408 or 5xx.</summary>
    internal static bool IsTransient(Outcome<FetchResult> outcome) => outcome.Exception switch
    {
        null => outcome.Result?.ErrorClass is FetchErrors.ServerError or FetchErrors.Timeout,
        PrivateAddressException => false,
        HttpRequestException e => e.InnerException is not PrivateAddressException,
        TimeoutRejectedException or IOException => true,
        _ => false,
    };

    private ResiliencePipeline<FetchResult> Build(Host host)
    {
        var builder = new ResiliencePipelineBuilder<FetchResult> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<FetchResult>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<FetchResult>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                FailureRatio = 0.9,
                MinimumThroughput = options.HostFailuresToBreak,
                SamplingDuration = TimeSpan.FromMinutes(2),
                BreakDuration = options.HostBreakDuration,
                OnOpened = args =>
                {
                    host.LastErrorClass = args.Outcome.Result?.ErrorClass ?? (args.Outcome.Exception is TimeoutRejectedException ? FetchErrors.Timeout : FetchErrors.Connect);
                    host.LastError = args.Outcome.Result?.Error ?? args.Outcome.Exception?.Message;
                    return default;
                },
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    internal sealed class Host
    {
        public Host(int slots, Func<Host, ResiliencePipeline<FetchResult>> build)
        {
            Slots = new SemaphoreSlim(slots, slots);
            Pipeline = build(this);
        }

        public SemaphoreSlim Slots { get; }

        public ResiliencePipeline<FetchResult> Pipeline { get; }

        public string? LastErrorClass { get; set; }

        public string? LastError { get; set; }
    }
}
