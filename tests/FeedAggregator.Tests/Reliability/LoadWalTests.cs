using FeedAggregator.Storage;
using FeedAggregator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Found by the load run (issue 9): readers that never pause starve SQLite's automatic checkpoints and the WAL grew
/// without bound. The writer now checkpoints and truncates it past <see cref="Database.WalLimitBytes"/>.
/// </summary>
public sealed class LoadWalTests
{
    private const int Writes = 400;
    private const int BlobBytes = 100_000;

    [Test]
    public async Task Writes_WhileReadersNeverPause_KeepTheWalNearItsLimit()
    {
        using var folder = new TempDirectory();
        using var store = new TestStore(folder);
        var database = store.Database;
        await database.WriteAsync((connection, transaction) => Execute(connection, transaction, "CREATE TABLE ballast (b BLOB)"));
        using var stop = new CancellationTokenSource();
        // Three readers, staggered, each holding its snapshot for 20 ms: at every moment one of them reads an older snapshot.
        // Each on a thread of its own, so a busy thread pool cannot stretch a snapshot held for 20 ms into seconds and
        // make the checkpoint wait past its limit.
        var readers = Enumerable.Range(0, 3).Select(i => Task.Factory.StartNew(() =>
        {
            Thread.Sleep(7 * i);
            while (!stop.IsCancellationRequested)
            {
                using var connection = database.OpenRead();
                using var snapshot = connection.BeginTransaction(deferred: true);
                Execute(connection, snapshot, "SELECT count(*) FROM ballast");
                Thread.Sleep(20);
                snapshot.Commit();
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        long largest = 0;
        for (var i = 0; i < Writes; i++)
        {
            await database.WriteAsync((connection, transaction) => Execute(connection, transaction, $"INSERT INTO ballast VALUES (randomblob({BlobBytes}))"));
            var wal = new FileInfo(database.FilePath + "-wal");
            largest = Math.Max(largest, wal.Exists ? wal.Length : 0);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.That(Writes * (long)BlobBytes, Is.GreaterThan(Database.WalLimitBytes), "the writes alone would pass the limit");
        Assert.That(largest, Is.LessThan(Database.WalLimitBytes + 2 * BlobBytes), "largest WAL seen after a write");
        Assert.That(store.Scalar("SELECT count(*) FROM ballast"), Is.EqualTo(Writes));
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
