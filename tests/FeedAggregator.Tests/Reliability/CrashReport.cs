using System.Globalization;
using System.Text;
using FeedAggregator.Storage;

namespace FeedAggregator.Tests.Reliability;

/// <summary>One SIGKILL: when it came, what the service was doing, and what the store looked like afterwards.</summary>
/// <param name="StartUp">Aimed at start-up (within <see cref="CrashOptions.MaxStartupDelay"/> of starting the process).</param>
/// <param name="Listening">The service had said it was listening: it was past start-up.</param>
/// <param name="Aimed">Waited from its random moment for the next open write transaction.</param>
/// <param name="Writing">A write transaction was open when SIGKILL was sent; null when the store had no -shm file yet.</param>
/// <param name="State">The store after the kill; null when it did not exist yet.</param>
internal sealed record CrashKill(
    int Number, TimeSpan SinceStart, bool StartUp, bool Listening, bool Aimed, bool? Writing, bool Checkpointing, StoreState? State);

/// <summary>One restart checked over HTTP: the served items looked for, and how soon polling resumed.</summary>
/// <param name="ServedTwice">Items the topic feed's pages listed twice while they were walked.</param>
internal sealed record CrashRestart(
    int AfterKill, int ServedChecked, int ServedMissing, int ServedTwice, TimeSpan? Listening, TimeSpan? FirstPoll, TimeSpan? FirstNewItem);

/// <summary>A first start on an empty store, killed while it was created and migrated, and started again.</summary>
/// <param name="KilledAtSchema">The schema version the kill left (null: no schema yet).</param>
/// <param name="SchemaAfter">The schema version /health reported after the restart.</param>
/// <param name="FirstPoll">From the restart's process start until /health showed a poll.</param>
internal sealed record CrashFirstStart(int Number, TimeSpan AfterFirstWrite, int? KilledAtSchema, int SchemaAfter, TimeSpan? FirstPoll, StoreState? After);

/// <summary>What a crash run found; <see cref="Failures"/> is empty when everything held.</summary>
internal sealed class CrashReport
{
    public required CrashOptions Options { get; init; }

    public List<CrashFirstStart> FirstStarts { get; } = [];

    public List<CrashKill> Kills { get; } = [];

    public List<CrashRestart> Restarts { get; } = [];

    public List<string> Failures { get; } = [];

    public StoreState? Final { get; set; }

    public int ServedItems { get; set; }

    public PublisherCheck? Publisher { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>The machine's load averages (1, 5, 15 min) at the start and the end of the run, when known.</summary>
    public string Load { get; set; } = "";

    /// <summary>The report as plain text: the numbers docs/reliability.md quotes.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        var o = Options;
        Line($"seed {o.Seed}: {Kills.Count} kills, {o.Feeds} feeds on {o.Hosts} hosts polled every {o.PollSeconds} s, an item per feed every {o.ItemPeriod.TotalSeconds:0.###} s, {o.Window} items per feed, in {Duration.TotalMinutes:0.0} min; load average {Load}");
        Line($"first starts on an empty store {FirstStarts.Count}, killed 0-{o.MaxFirstStartDelay.TotalMilliseconds:0} ms after their first write transaction opened: schema left {string.Join(", ", FirstStarts.GroupBy(f => f.KilledAtSchema).OrderBy(g => g.Key).Select(g => $"{g.Key?.ToString(CultureInfo.InvariantCulture) ?? "none"}: {g.Count()}"))}; started again: at schema {Migrations.Steps.Length} {FirstStarts.Count(f => f.SchemaAfter == Migrations.Steps.Length)}, integrity ok {FirstStarts.Count(f => f.After?.Integrity == "ok")}, polled {FirstStarts.Count(f => f.FirstPoll is not null)} (median {Median(FirstStarts.Select(f => f.FirstPoll))} from process start)");
        Line($"kill moments after process start: {Buckets(Kills.Select(k => k.SinceStart))}; min {Min(Kills.Select(k => k.SinceStart))}, median {Median(Kills.Select(k => k.SinceStart))}, max {Max(Kills.Select(k => k.SinceStart))}");
        var startUp = Kills.Where(k => k.StartUp).ToList();
        Line($"  at start-up {startUp.Count}: before it listened {startUp.Count(k => !k.Listening)}, no store file yet {startUp.Count(k => k.State is null)}, schema not complete {startUp.Count(k => k.State is not null && k.State.SchemaVersion < Migrations.Steps.Length)}, write transaction open {startUp.Count(k => k.Writing == true)}");
        var ingest = Kills.Where(k => !k.StartUp).ToList();
        Line($"  during ingest {ingest.Count}: write transaction open at SIGKILL in {ingest.Count(k => k.Writing == true)} ({ingest.Count(k => k.Writing == true && !k.Aimed)} of {ingest.Count(k => !k.Aimed)} at a random moment, {ingest.Count(k => k.Writing == true && k.Aimed)} of {ingest.Count(k => k.Aimed)} aimed); checkpoint under way in {ingest.Count(k => k.Checkpointing)}");
        var states = Kills.Select(k => k.State).OfType<StoreState>().Append(Final).OfType<StoreState>().ToList();
        Line($"integrity_check: {states.Count(s => s.Integrity == "ok")} ok of {states.Count} (after every kill that left a store, and at the end)");
        Line($"duplicates: uid {states.Sum(s => s.DuplicateUids)}, (feed, identity) {states.Sum(s => s.DuplicateIdentities)}; dangling topic rows {states.Sum(s => s.DanglingTopicRows)}; items without search row {states.Sum(s => s.ItemsWithoutSearchRow)}, search rows without item {states.Sum(s => s.SearchRowsWithoutItem)}; items without item.added {states.Sum(s => s.ItemsWithoutAddedChange)}, topic rows without topic.joined {states.Sum(s => s.TopicRowsWithoutJoinedChange)}; broken static copies {states.Sum(s => s.BrokenCopies.Count)}");
        Line($"served by the topic feeds before a kill: {ServedItems} items; found in their topic in the store after every kill: {(states.All(s => s.ServedMissing == 0) ? "all" : $"missing {states.Sum(s => s.ServedMissing)}")}");
        Line($"restarts checked over HTTP {Restarts.Count}: served items looked for {Restarts.Sum(r => r.ServedChecked)}, still served {Restarts.Sum(r => r.ServedChecked - r.ServedMissing)}, missing {Restarts.Sum(r => r.ServedMissing)}; items listed twice by the pages walked {Restarts.Sum(r => r.ServedTwice)}");
        Line($"restarted service listening (from process start) median {Median(Restarts.Select(r => r.Listening))}, max {Max(Restarts.Select(r => r.Listening))}");
        Line($"polling resumed: first poll after restart (from process start) median {Median(Restarts.Select(r => r.FirstPoll))}, max {Max(Restarts.Select(r => r.FirstPoll))}; first new item stored median {Median(Restarts.Select(r => r.FirstNewItem))}, max {Max(Restarts.Select(r => r.FirstNewItem))}; did not resume {Restarts.Count(r => r.FirstPoll is null || r.FirstNewItem is null)}");
        Line($"end: {Final?.Items} items stored, {Final?.TopicRows} topic rows; the publisher served {Publisher?.Served} items: read by a completed poll and not stored {Publisher?.Lost.Count}; read only by killed polls and gone from the feed before the next {Publisher?.OnlyKilledPolls}");
        Line($"failures: {(Failures.Count == 0 ? "none" : string.Join("; ", Failures))}");
        return text.ToString();
    }

    private static string Buckets(IEnumerable<TimeSpan> moments)
    {
        double[] edges = [0.5, 1, 2, 4, 8];
        var counts = new int[edges.Length + 1];
        foreach (var moment in moments)
        {
            var at = Array.FindIndex(edges, e => moment.TotalSeconds < e);
            counts[at < 0 ? edges.Length : at]++;
        }

        var labels = edges.Select((e, i) => i == 0 ? $"<{e:0.#} s" : $"{edges[i - 1]:0.#}-{e:0.#} s").Append($">={edges[^1]:0.#} s");
        return string.Join(", ", labels.Zip(counts, (label, count) => $"{label}: {count}"));
    }

    private static string Seconds(TimeSpan? value) => value is { } v ? v.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture) : "-";

    private static string Min(IEnumerable<TimeSpan> values) => Seconds(values.Select(v => (TimeSpan?)v).Min());

    private static string Max(IEnumerable<TimeSpan> values) => Seconds(values.Select(v => (TimeSpan?)v).Max());

    private static string Max(IEnumerable<TimeSpan?> values) => Seconds(values.Max());

    private static string Median(IEnumerable<TimeSpan> values) => Median(values.Select(v => (TimeSpan?)v));

    private static string Median(IEnumerable<TimeSpan?> values)
    {
        var sorted = values.OfType<TimeSpan>().Order().ToList();
        return sorted.Count == 0 ? "-" : Seconds(sorted[sorted.Count / 2]);
    }
}
