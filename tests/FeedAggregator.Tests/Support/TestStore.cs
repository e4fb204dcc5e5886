using FeedAggregator.Configuration;
using FeedAggregator.Storage;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Tests.Support;

/// <summary>The store's parts over a real SQLite file in a temp folder.</summary>
internal sealed class TestStore : IDisposable
{
    public TestStore(TempDirectory folder, TimeProvider? time = null, StorageOptions? storage = null)
    {
        Paths = new AggregatorPaths(
            Options.Create(new AggregatorOptions { DataDirectory = folder.File("data") }),
            new HostingEnvironment { ContentRootPath = folder.Path });
        Database = new Database(Paths);
        time ??= TimeProvider.System;
        Items = new ItemStore(Database, time);
        Topics = new TopicItemStore(Database, time);
        Statuses = new FeedStatusStore(Database);
        Queries = new ItemQueries(Database);
        Retention = new ItemRetention(Database, time, Options.Create(storage ?? new StorageOptions()));
    }

    public AggregatorPaths Paths { get; }

    public Database Database { get; }

    public ItemStore Items { get; }

    public TopicItemStore Topics { get; }

    public FeedStatusStore Statuses { get; }

    public ItemQueries Queries { get; }

    public ItemRetention Retention { get; }

    public long Scalar(string sql)
    {
        using var connection = Database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Database.Dispose();
}
