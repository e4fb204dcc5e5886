using FeedAggregator.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Webhooks;

/// <summary>
/// Delivers each endpoint's batches one at a time, in change order, each endpoint on a loop of its own so that one
/// failing receiver never delays another. Wakes when a write in this process changes a topic, and checks every second
/// for writes of other processes (a <c>poll-once</c> from the command line).
/// </summary>
internal sealed class WebhookWorker(
    WebhookStore store, WebhookSender sender, IOptions<WebhookOptions> options, TopicVersions topics, TimeProvider time, ILogger<WebhookWorker> logger)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StoreErrorPause = TimeSpan.FromSeconds(5);
    private readonly WebhookOptions settings = options.Value;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool ensured;

    /// <summary>
    /// Rows for new endpoints are made before start-up finishes, so their position is the store as it stood then. A
    /// store that cannot be written (read-only, full) does not stop the service: the endpoints' loops make the rows once
    /// it takes writes again, and nothing can have changed meanwhile.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Endpoints.Count > 0)
        {
            try
            {
                await EnsureAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (StoreFault.Of(e) is not null)
            {
                logger.LogWarning("Webhooks start delivering once the store takes writes again: {Error}", e.Message);
            }

            topics.Changed += OnChanged;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await store.EnsureAsync(settings.Endpoints.Select(e => e.Name!), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        ensured = true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        topics.Changed -= OnChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(settings.Endpoints.Select(endpoint => Task.Run(() => RunAsync(endpoint, stoppingToken), CancellationToken.None)));

    private void OnChanged(IReadOnlyCollection<string> _) =>
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task RunAsync(WebhookEndpointSetting endpoint, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ensured)
                {
                    await EnsureAsync(stoppingToken).ConfigureAwait(false);
                }

                await StepAsync(endpoint, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SqliteException e) when (StoreFault.Of(e) is { Kind: "disk-full" or "read-only" })
            {
                // The store cannot be written (its log line and /health say why, once): the endpoint's row still holds
                // where it stood, so it is read again later.
                logger.LogDebug("Webhook {Endpoint}: the store failed: {Error}", endpoint.Name, e.Message);
                await SleepAsync(StoreErrorPause, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SqliteException or IOException)
            {
                // A busy or unreadable store: the endpoint's row still holds where it stood, so it is read again later.
                logger.LogError("Webhook {Endpoint}: the store failed: {Error}", endpoint.Name, e.Message);
                await SleepAsync(StoreErrorPause, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Not expected; logged whole, and the endpoint carries on rather than stopping the service.
                logger.LogError(e, "Webhook {Endpoint}: delivery failed unexpectedly", endpoint.Name);
                await SleepAsync(StoreErrorPause, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StepAsync(WebhookEndpointSetting endpoint, CancellationToken stoppingToken)
    {
        // Taken before reading, so a commit that lands after the read still wakes this loop.
        var woken = Volatile.Read(ref changed).Task;
        var state = await store.ReadAsync(endpoint.Name!, stoppingToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var batch = state.Pending;
        if (batch is null)
        {
            batch = await store.NextBatchAsync(endpoint, state.LastDeliveredSeq, settings.BatchSize, now, stoppingToken).ConfigureAwait(false);
            if (batch is null)
            {
                await Task.WhenAny(woken, SleepAsync(PollInterval, stoppingToken)).ConfigureAwait(false);
                return;
            }

            state = state with { Attempts = 0, NextAttemptAt = now };
        }

        if (state.NextAttemptAt is { } due && due > now)
        {
            // Capped, in case the row was scheduled under a longer MaxDelay than the one in force now.
            await SleepAsync(due - now < settings.MaxDelay ? due - now : settings.MaxDelay, stoppingToken).ConfigureAwait(false);
            return;
        }

        await AttemptAsync(endpoint, batch, state.Attempts + 1, stoppingToken).ConfigureAwait(false);
    }

    private async Task AttemptAsync(WebhookEndpointSetting endpoint, PendingBatch batch, int attempt, CancellationToken stoppingToken)
    {
        var name = endpoint.Name!;
        var id = WebhookPayload.DeliveryId(name, batch.FirstSeq, batch.LastSeq);
        var result = await sender.SendAsync(endpoint, batch, stoppingToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // Recorded even while stopping: an answered attempt that went unrecorded would be sent again after a restart.
        if (result.Delivered)
        {
            await store.DeliveredAsync(name, batch, result.Status!.Value, now, CancellationToken.None).ConfigureAwait(false);
            logger.LogInformation("Webhook {Endpoint} delivered {DeliveryId}: HTTP {Status} at attempt {Attempt}", name, id, result.Status, attempt);
        }
        else if (attempt >= settings.MaxAttempts)
        {
            await store.GiveUpAsync(name, batch, result, now, CancellationToken.None).ConfigureAwait(false);
            logger.LogError(
                "Webhook {Endpoint} gave up on {DeliveryId} after {Attempts} attempts: {Error}; its changes are skipped (see /health and docs/webhooks.md)",
                name, id, attempt, result.Error);
        }
        else
        {
            var next = now + RetrySchedule.Delay(settings, attempt, now, result.RetryAfter, Random.Shared.NextDouble());
            await store.RetryLaterAsync(name, attempt, next, result, now, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning(
                "Webhook {Endpoint} attempt {Attempt} of {MaxAttempts} at {DeliveryId} failed: {Error}; next try at {NextAttemptAt:O}",
                name, attempt, settings.MaxAttempts, id, result.Error, next);
        }
    }

    private async Task SleepAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
