using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace FeedAggregator.Benchmarks.Reliability;

/// <summary>
/// The readers of a load run. Each is one connection that sends its next request as soon as the last is answered: a
/// topic's RSS, Atom and JSON Feed, each both plainly and as a feed reader polls (with the ETag of its last answer in
/// <c>If-None-Match</c>); the HTML page; <c>/api/items</c> newest, its next pages by cursor, by topic and full-text;
/// <c>/api/items/{uid}</c> for items the lists returned; <c>/api/changes</c> followed from the start as a consumer
/// does; and <c>/health</c>. Shared by the bench driver (<c>load</c>) and its short run among the tests.
/// </summary>
internal sealed class LoadReaders
{
    private const int CursorDepth = 9;
    private const int KeptUids = 500;

    private readonly HttpClient http;
    private readonly string topic;
    private readonly IReadOnlyList<string> queries;
    private readonly List<string> uids = [];
    private string? newestNext;

    private LoadReaders(HttpClient http, string topic, IReadOnlyList<string> queries)
    {
        this.http = http;
        this.topic = topic;
        this.queries = queries;
    }

    /// <summary>Runs <paramref name="connectionsPerKind"/> connections of every kind against the service for <paramref name="duration"/>.</summary>
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(
        Uri service, string topic, IReadOnlyList<string> queries, int connectionsPerKind, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = service, Timeout = TimeSpan.FromSeconds(30) };
        var readers = new LoadReaders(http, topic, queries);
        var kinds = readers.Kinds().ToList();
        var tallies = kinds.Select(k => new LoadTally(k.Name)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(kinds.SelectMany((kind, i) => Enumerable.Range(0, connectionsPerKind)
            .Select(_ => Task.Run(() => readers.ReadAsync(kind, tallies[i], stop.Token), CancellationToken.None)))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = clock.Elapsed;
        return [.. tallies.Select(t => t.Result(elapsed))];
    }

    private IEnumerable<Kind> Kinds()
    {
        foreach (var extension in (string[])["rss", "atom", "json"])
        {
            var feed = $"/topics/{topic}.{extension}";
            yield return new Kind($"GET {feed}", _ => feed);
            yield return new Kind($"GET {feed} If-None-Match", _ => feed, Conditional: true);
        }

        yield return new Kind("GET / (HTML page)", _ => "/");
        yield return new Kind("GET /api/items?limit=50", _ => "/api/items?limit=50", (_, body) => newestNext = Page(body));
        yield return new Kind($"GET /api/items?limit=50&cursor= (pages 2-{CursorDepth + 1})", NextPage, (reader, body) =>
        {
            var next = Page(body);
            reader.Cursor = ++reader.Depth < CursorDepth ? next : null;
        });
        yield return new Kind($"GET /api/items?topic={topic}&limit=50", _ => $"/api/items?topic={Uri.EscapeDataString(topic)}&limit=50", (_, body) => Page(body));
        yield return new Kind("GET /api/items?q=&limit=20", reader => $"/api/items?q={Uri.EscapeDataString(queries[reader.Turn++ % queries.Count])}&limit=20");
        yield return new Kind("GET /api/items/{uid}", _ => AnyUid() is { } uid ? $"/api/items/{Uri.EscapeDataString(uid)}" : null);
        yield return new Kind("GET /api/changes?after=&limit=100", reader => $"/api/changes?after={reader.After}&limit=100", (reader, body) =>
        {
            using var json = JsonDocument.Parse(body);
            reader.After = json.RootElement.GetProperty("last").GetInt64();
        });
        yield return new Kind("GET /health", _ => "/health");
    }

    /// <summary>The next page of a walk, starting each walk from the next link of the newest page some reader saw last.</summary>
    private string? NextPage(Reader reader)
    {
        if (reader.Cursor is null)
        {
            reader.Cursor = Volatile.Read(ref newestNext);
            reader.Depth = 0;
        }

        return reader.Cursor;
    }

    private async Task ReadAsync(Kind kind, LoadTally tally, CancellationToken stop)
    {
        var reader = new Reader();
        while (!stop.IsCancellationRequested)
        {
            var path = kind.Path(reader);
            if (path is null)
            {
                // Nothing to ask for yet (no item listed so far): wait for the lists.
                await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (kind.Conditional && reader.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(stop).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                tally.Answered(Stopwatch.GetTimestamp() - started, status);
                if (status is not (>= 200 and <= 299 or 304))
                {
                    tally.Failed($"{status} for {path}: {Snippet(body)}");
                }
                else if (status != 304)
                {
                    reader.ETag = response.Headers.ETag?.Tag;
                    kind.Seen?.Invoke(reader, body);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run is over; a request cut short by its end is not counted.
                return;
            }
            catch (TaskCanceledException)
            {
                tally.Failed($"no answer within {http.Timeout.TotalSeconds:0} s for {path}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                tally.Failed($"{e.GetType().Name} for {path}: {e.Message}");
            }
        }
    }

    /// <summary>Keeps the page's item ids for the item readers and returns its next link.</summary>
    private string? Page(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var listed = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        lock (uids)
        {
            uids.AddRange(listed);
            if (uids.Count > KeptUids)
            {
                uids.RemoveRange(0, uids.Count - KeptUids);
            }
        }

        return json.RootElement.GetProperty("nextUrl").GetString();
    }

    private string? AnyUid()
    {
        lock (uids)
        {
            return uids.Count == 0 ? null : uids[Random.Shared.Next(uids.Count)];
        }
    }

    private static string Snippet(byte[] body) =>
        Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ");

    /// <summary>What one connection remembers between its requests.</summary>
    private sealed class Reader
    {
        public string? ETag;
        public string? Cursor;
        public int Depth;
        public long After;
        public int Turn;
    }

    private sealed record Kind(string Name, Func<Reader, string?> Path, Action<Reader, byte[]>? Seen = null, bool Conditional = false);
}
