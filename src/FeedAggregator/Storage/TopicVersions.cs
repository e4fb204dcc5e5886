using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>A topic's version, raised by every change to its items, and the time of that newest change.</summary>
public readonly record struct TopicVersion(long Number, DateTimeOffset? ChangedAt)
{
    public static readonly TopicVersion None = new(0, null);
}

/// <summary>
/// Each topic's version and newest change (an item joined, left or was edited), kept in <c>topic_versions</c> by every
/// write that changes membership, in the same transaction. Read from memory: reloaded after a write in this process,
/// and at most every two seconds otherwise, so that another process's writes (a CLI poll) are seen too.
/// </summary>
public sealed class TopicVersions
{
    private const long ReloadMilliseconds = 2000;
    private readonly Database database;
    private volatile Loaded? loaded;

    internal TopicVersions(Database database) => this.database = database;

    /// <summary>Raised after a write that changed these topics has been committed.</summary>
    public event Action<IReadOnlyCollection<string>>? Changed;

    public TopicVersion Of(string topicId)
    {
        var current = loaded;
        if (current is null || Environment.TickCount64 - current.At > ReloadMilliseconds)
        {
            current = loaded = Load();
        }

        return current.Versions.TryGetValue(topicId, out var version) ? version : TopicVersion.None;
    }

    /// <summary>Raises each topic's version inside the caller's write transaction.</summary>
    internal static void Bump(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> topics, string now)
    {
        using var bump = Sql.Command(connection, transaction, """
            INSERT INTO topic_versions (topic_id, version, changed_at) VALUES ($topic, 1, $now)
            ON CONFLICT (topic_id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at
            """);
        foreach (var topic in topics)
        {
            bump.With("$topic", topic).With("$now", now).ExecuteNonQuery();
        }
    }

    /// <summary>Called once the transaction that changed <paramref name="topics"/> has committed.</summary>
    internal void Committed(IReadOnlyCollection<string> topics)
    {
        if (topics.Count == 0)
        {
            return;
        }

        loaded = null;
        Changed?.Invoke(topics);
    }

    private Loaded Load()
    {
        using var connection = database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT topic_id, version, changed_at FROM topic_versions";
        var versions = new Dictionary<string, TopicVersion>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions[reader.GetString(0)] = new TopicVersion(reader.GetInt64(1), StoreTime.Read(reader.GetString(2)));
        }

        return new Loaded(versions, Environment.TickCount64);
    }

    private sealed record Loaded(IReadOnlyDictionary<string, TopicVersion> Versions, long At);
}
