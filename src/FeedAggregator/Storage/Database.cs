using FeedAggregator.Configuration;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>
/// The SQLite file: WAL so readers never wait for the writer, one writer at a time inside this process,
/// migrations applied in order on first open.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly SemaphoreSlim writeLock = new(1, 1);

    // The writer's connection, opened on the first write and kept with its prepared statements (Sql.Kept); dropped
    // after a failed write, so that a connection in an unknown state is never reused.
    private SqliteConnection? writer;
    private readonly Lazy<string> connectionString;

    // The WAL's size past which the writer checkpoints it whole and truncates it (see BoundWal).
    internal const long WalLimitBytes = 32L * 1024 * 1024;
    private long walCheckpointAt = WalLimitBytes;

    public Database(AggregatorPaths paths)
    {
        FilePath = paths.DatabaseFile;
        connectionString = new Lazy<string>(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);
        TopicVersions = new TopicVersions(this);
    }

    public string FilePath { get; }

    public TopicVersions TopicVersions { get; }

    public int SchemaVersion => Migrations.Steps.Length;

    public SqliteConnection OpenRead() => Open();

    /// <summary>Runs <paramref name="work"/> in one write transaction; callers never hold two.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            writer ??= Open();
            using var transaction = writer.BeginTransaction(deferred: false);
            var result = work(writer, transaction);
            transaction.Commit();
            BoundWal(writer);
            return result;
        }
        catch
        {
            DropWriter();
            throw;
        }
        finally
        {
            writeLock.Release();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString.Value);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private string Initialise()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        SearchIndex.RegisterMigrationFunctions(connection);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Steps.Length)
        {
            throw new InvalidOperationException(
                $"{FilePath} has schema version {version}, newer than this build knows ({Migrations.Steps.Length}); refusing to touch it");
        }

        for (var step = version; step < Migrations.Steps.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Migrations.Steps[step], transaction);
            Execute(connection, $"PRAGMA user_version = {step + 1};", transaction);
            transaction.Commit();
        }

        return builder.ToString();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>
    /// Readers that never pause (a busy API) starve SQLite's automatic checkpoints: each copies back only the pages no
    /// open reader still needs, the WAL is never started over, and it grows without bound (bench load: 195 MiB after
    /// five minutes of readers, against 5 MiB without). Past <see cref="WalLimitBytes"/> the writer, between its transactions,
    /// checkpoints the whole WAL and truncates it, waiting up to 5 s for the readers still on older snapshots; readers
    /// that begin meanwhile read the database file alone and do not hold it up. When some reader outlasts that, the
    /// next try waits until the WAL has grown by the limit again, so that writes are not held up every time.
    /// </summary>
    private void BoundWal(SqliteConnection connection)
    {
        var wal = new FileInfo(FilePath + "-wal");
        if (!wal.Exists || wal.Length < walCheckpointAt)
        {
            return;
        }

        // SQLite's own busy handler is what lets a checkpoint wait for readers; the connection has none otherwise.
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        try
        {
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        finally
        {
            Execute(connection, "PRAGMA busy_timeout = 0;");
        }

        wal.Refresh();
        walCheckpointAt = wal.Exists && wal.Length >= WalLimitBytes ? wal.Length + WalLimitBytes : WalLimitBytes;
    }

    private void DropWriter()
    {
        if (writer is not null)
        {
            Sql.DropKept(writer);
            writer.Dispose();
            writer = null;
        }
    }

    public void Dispose()
    {
        if (writeLock.Wait(TimeSpan.FromSeconds(30)))
        {
            DropWriter();
        }

        writeLock.Dispose();
        if (connectionString.IsValueCreated)
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
