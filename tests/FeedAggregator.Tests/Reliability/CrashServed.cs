using System.Text.Json;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Every item the topic feeds served over HTTP during a run, by topic, with its publication date; and those served since
/// the last restart that was checked, which the next checked restart must still serve.
/// </summary>
internal sealed class CrashServed
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<string>> all = CrashOptions.Topics.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal));
    private readonly Dictionary<string, Dictionary<string, ServedItem>> pending =
        CrashOptions.Topics.ToDictionary(t => t, _ => new Dictionary<string, ServedItem>(StringComparer.Ordinal));

    private long pages;

    /// <summary>Every item served so far, by topic. Read only while no collector runs.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> All => all;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return all.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>Adds the items of a JSON Feed page of <paramref name="topic"/> (its <c>id</c> is the item's uid).</summary>
    public void AddPage(string topic, byte[] page)
    {
        using var json = JsonDocument.Parse(page);
        lock (gate)
        {
            pages++;
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                var uid = item.GetProperty("id").GetString()!;
                all[topic].Add(uid);
                pending[topic][uid] = new ServedItem(item.GetProperty("date_published").GetDateTimeOffset(), pages);
            }
        }
    }

    /// <summary>The items served since the last checked restart, by topic, taken before the service starts again.</summary>
    public Dictionary<string, Dictionary<string, ServedItem>> Pending()
    {
        lock (gate)
        {
            return pending.ToDictionary(p => p.Key, p => new Dictionary<string, ServedItem>(p.Value, StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// These items were found served after a restart: they are no longer pending, unless served again since the snapshot
    /// (then the next checked restart looks for them again).
    /// </summary>
    public void Checked(Dictionary<string, Dictionary<string, ServedItem>> done)
    {
        lock (gate)
        {
            foreach (var (topic, uids) in done)
            {
                foreach (var (uid, seen) in uids)
                {
                    if (pending[topic].TryGetValue(uid, out var now) && now.Page == seen.Page)
                    {
                        pending[topic].Remove(uid);
                    }
                }
            }
        }
    }
}

/// <summary>An item a topic feed served: its publication date, and the page (in fetch order) that last served it.</summary>
internal readonly record struct ServedItem(DateTimeOffset Published, long Page);
