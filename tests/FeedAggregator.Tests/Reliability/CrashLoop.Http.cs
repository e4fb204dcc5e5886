using System.Globalization;
using System.Text.Json;

namespace FeedAggregator.Tests.Reliability;

/// <summary>The crash loop's side of HTTP: what the topic feeds serve, and whether a restarted service serves and polls.</summary>
internal sealed partial class CrashLoop
{
    private const int PageSize = 500;

    /// <summary>Fetches the topic feeds over and over while the service lives, remembering every item they serve.</summary>
    private async Task CollectAsync(CrashService service, CancellationToken stop)
    {
        try
        {
            await service.Listening.WaitAsync(stop);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            return;
        }

        while (!stop.IsCancellationRequested && !service.HasExited)
        {
            try
            {
                foreach (var topic in CrashOptions.Topics)
                {
                    var page = await service.Http.GetByteArrayAsync(new Uri($"topics/{topic}.json", UriKind.Relative), stop);
                    served.AddPage(topic, page);
                }

                await Task.Delay(100, stop);
            }
            catch (HttpRequestException e) when (e.StatusCode is { } status && !stop.IsCancellationRequested)
            {
                Fail($"a topic feed answered {(int)status} while the service ran");
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
                // Being killed: what was served until then is remembered.
            }
        }
    }

    /// <summary>
    /// After a restart: every item served before the kill is still served (the topic feed's pages, followed down past the
    /// oldest of them), and polling resumed by itself (a poll after the restart in /health, an item published after it in
    /// /api/items). Null when the service never answered.
    /// </summary>
    private async Task<CrashRestart?> CheckRestartAsync(int afterKill, CrashService service, Dictionary<string, Dictionary<string, ServedItem>> before)
    {
        using var timeout = new CancellationTokenSource(options.ResumeTimeout);
        try
        {
            await service.Listening.WaitAsync(timeout.Token);
            var resumed = ResumedAsync(service, timeout.Token);
            var stillServed = StillServedAsync(afterKill, service, before, timeout.Token);
            await Task.WhenAll(resumed, stillServed);
            var ((firstPoll, firstItem), (looked, missing, repeated)) = (await resumed, await stillServed);
            var restart = new CrashRestart(afterKill, looked, missing, repeated, service.ListeningAfter, firstPoll, firstItem);
            report.Restarts.Add(restart);
            return restart;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or InvalidOperationException)
        {
            var why = service.HasExited ? $"it exited with code {service.ExitCode}" : $"{e.GetType().Name}: {e.Message}";
            Fail($"after kill {afterKill}: the restarted service did not answer, poll and store new items within {options.ResumeTimeout.TotalSeconds:0} s ({why}); see {options.File("service.log")}");
            report.Restarts.Add(new CrashRestart(afterKill, 0, 0, 0, service.ListeningAfter, null, null));
            return null;
        }
    }

    /// <summary>Each item the topic feeds served before the kill, looked for in the topic feed now; and items on two pages.</summary>
    private async Task<(int Looked, int Missing, int Repeated)> StillServedAsync(
        int afterKill, CrashService service, Dictionary<string, Dictionary<string, ServedItem>> before, CancellationToken cancellationToken)
    {
        var (looked, missing, repeated) = (0, 0, 0);
        foreach (var (topic, items) in before.Where(p => p.Value.Count > 0))
        {
            var (found, twice) = await ServedAsync(service, topic, items.Values.Min(i => i.Published), cancellationToken);
            repeated += twice;
            if (twice > 0)
            {
                Fail($"after kill {afterKill}: topic {topic}'s pages listed {twice} item(s) twice");
            }

            looked += items.Count;
            var lost = items.Keys.Where(uid => !found.Contains(uid)).ToList();
            missing += lost.Count;
            if (lost.Count > 0)
            {
                Fail($"after kill {afterKill}: topic {topic} no longer serves {lost.Count} item(s) it served before, such as {lost[0]}");
            }
        }

        served.Checked(before);
        return (looked, missing, repeated);
    }

    /// <summary>Since the process started: until /health shows a poll started after it, and until an item published after it is stored.</summary>
    private static async Task<(TimeSpan FirstPoll, TimeSpan FirstItem)> ResumedAsync(CrashService service, CancellationToken cancellationToken)
    {
        var firstPoll = await UntilAsync(service, () => PolledSinceAsync(service, cancellationToken), cancellationToken);
        var since = new DateTimeOffset(service.StartedAt.UtcTicks - (service.StartedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        var firstItem = await UntilAsync(service, () => NewItemAsync(service, since, cancellationToken), cancellationToken);
        return (firstPoll, firstItem);
    }

    /// <summary>
    /// The uids a topic feed serves, page after page (RFC 5005 archives), down to <paramref name="oldest"/>; and how many
    /// came again on a later page, which the feed's cursor rules out.
    /// </summary>
    private static async Task<(HashSet<string> Found, int Twice)> ServedAsync(CrashService service, string topic, DateTimeOffset oldest, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var twice = 0;
        var url = new Uri($"topics/{topic}.json?limit={PageSize}", UriKind.Relative);
        while (true)
        {
            using var page = JsonDocument.Parse(await service.Http.GetByteArrayAsync(url, cancellationToken));
            DateTimeOffset? last = null;
            foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
            {
                twice += found.Add(item.GetProperty("id").GetString()!) ? 0 : 1;
                last = item.GetProperty("date_published").GetDateTimeOffset();
            }

            if (last is null || last < oldest || !page.RootElement.TryGetProperty("next_url", out var next))
            {
                return (found, twice);
            }

            url = new Uri(next.GetString()!);
        }
    }

    private static async Task<bool> PolledSinceAsync(CrashService service, CancellationToken cancellationToken)
    {
        using var health = JsonDocument.Parse(await service.Http.GetByteArrayAsync(new Uri("health", UriKind.Relative), cancellationToken));
        return health.RootElement.GetProperty("feeds").EnumerateArray().Any(feed =>
            feed.GetProperty("lastPollAt").ValueKind == JsonValueKind.String && feed.GetProperty("lastPollAt").GetDateTimeOffset() >= service.StartedAt);
    }

    private static async Task<bool> NewItemAsync(CrashService service, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var url = new Uri($"api/items?limit=1&since={Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}", UriKind.Relative);
        using var items = JsonDocument.Parse(await service.Http.GetByteArrayAsync(url, cancellationToken));
        return items.RootElement.GetProperty("items").GetArrayLength() > 0;
    }

    /// <summary>Asks every 50 ms until <paramref name="done"/>; the time since the process started.</summary>
    private static async Task<TimeSpan> UntilAsync(CrashService service, Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        while (!await done())
        {
            await Task.Delay(50, cancellationToken);
        }

        return service.Clock.Elapsed;
    }
}
