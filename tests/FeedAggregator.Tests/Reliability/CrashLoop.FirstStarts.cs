using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeedAggregator.Storage;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Kills while the store is created and migrated, which happens once per store: each first start gets a new, empty data
/// folder and is killed within <see cref="CrashOptions.MaxFirstStartDelay"/> of its first write transaction (the first
/// migration step) opening, then started again on what the kill left, which must finish the migrations, answer /health
/// with the current schema and poll.
/// </summary>
internal sealed partial class CrashLoop
{
    private static readonly Dictionary<string, HashSet<string>> NothingServed = [];

    private async Task FirstStartAsync(int number, double fraction, StreamWriter log)
    {
        var data = Path.Combine(options.Folder, $"first-start-{number}", "data");
        var database = CrashOptions.DatabaseIn(data);
        var delay = options.MaxFirstStartDelay * fraction;
        using (var service = CrashService.Start(options, log, dataDirectory: data))
        {
            // Spun on a thread of its own: the moments that matter are milliseconds apart.
            var killed = await Task.Run(() => KillAfterFirstWrite(service, database, delay));
            if (!killed)
            {
                Fail($"first start {number}: no write transaction was seen on the new store (the service {(service.HasExited ? $"exited with code {service.ExitCode}" : "still runs")})");
                return;
            }

            await service.WaitForExitAsync();
        }

        var left = CrashChecks.Inspect(data, NothingServed);
        TimeSpan? resumed = null;
        var schema = 0;
        using (var service = CrashService.Start(options, log, dataDirectory: data))
        {
            using var timeout = new CancellationTokenSource(options.ResumeTimeout);
            try
            {
                await service.Listening.WaitAsync(timeout.Token);
                using var health = JsonDocument.Parse(await service.Http.GetByteArrayAsync(new Uri("health", UriKind.Relative), timeout.Token));
                schema = health.RootElement.GetProperty("schemaVersion").GetInt32();
                resumed = await UntilAsync(service, () => PolledSinceAsync(service, timeout.Token), timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or InvalidOperationException)
            {
                Fail($"first start {number}: started again, the service did not answer and poll within {options.ResumeTimeout.TotalSeconds:0} s ({e.Message})");
            }

            await service.StopAsync();
        }

        var after = CrashChecks.Inspect(data, NothingServed);
        var start = new CrashFirstStart(number, delay, left?.SchemaVersion, schema, resumed, after);
        report.FirstStarts.Add(start);
        if (left is { Integrity: not "ok" } || after is not { Ok: true } || schema != Migrations.Steps.Length || after.SchemaVersion != schema)
        {
            Fail($"first start {number}: killed at schema {left?.SchemaVersion.ToString(CultureInfo.InvariantCulture) ?? "none"} ({left?.Integrity}); started again: /health schema {schema}, store {after?.ToString() ?? "missing"}");
        }

        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first start {number}: killed {delay.TotalMilliseconds:0.0} ms after the first write transaction opened, at schema {left?.SchemaVersion.ToString(CultureInfo.InvariantCulture) ?? "none"}; started again: schema {schema}, first poll {resumed?.TotalSeconds:0.00} s, integrity {after?.Integrity}"));
    }

    /// <summary>
    /// Waits (at most 60 s) for the store's first write transaction, then sends SIGKILL <paramref name="delay"/> later;
    /// false when none came.
    /// </summary>
    private static bool KillAfterFirstWrite(CrashService service, string database, TimeSpan delay)
    {
        var limit = Stopwatch.StartNew();
        CrashWriteLock? locks = null;
        try
        {
            while ((locks ??= CrashWriteLock.Open(database)) is not { Writing: true })
            {
                if (service.HasExited || limit.Elapsed > TimeSpan.FromSeconds(60))
                {
                    return false;
                }

                Thread.SpinWait(50);
            }
        }
        finally
        {
            locks?.Dispose();
        }

        var since = Stopwatch.StartNew();
        while (since.Elapsed < delay)
        {
            Thread.SpinWait(50);
        }

        service.Kill();
        return true;
    }
}
