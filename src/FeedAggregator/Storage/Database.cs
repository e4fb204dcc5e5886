using System.Globalization;
using FeedAggregator.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedAggregator.Storage;

/// <summary>
/// The SQLite file: WAL so readers never wait for the writer, one writer at a time inside this process,
/// migrations applied in order on first open. What lies at the path is checked before anything writes to it
/// (<see cref="StoreFile"/>). A write that fails for the file's sake (disk full, read-only, I/O error) is recorded in
/// <see cref="Health"/> and thrown to its caller; reads go on, and the next write simply tries again.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly SemaphoreSlim writeLock = new(1, 1);

    // The writer's connection, opened on the first write and kept with its prepared statements (Sql.Kept); dropped
    // after a failed write, so that a connection in an unknown state is never reused. Never pooled: when dropped it is
    // really closed, and the next one opens the file as it is then (writable again, say).
    private SqliteConnection? writer;
    private readonly Lazy<string> connectionString;
    private readonly ILogger logger;

    // The WAL's size past which the writer checkpoints it whole and truncates it (see BoundWal).
    internal const long WalLimitBytes = 32L * 1024 * 1024;
    private long walCheckpointAt = WalLimitBytes;

    // While a store found up to date could not be opened for writing at start-up (a read-only file system), readers
    // open it this way instead; null once a write succeeds, or when there was no need.
    private volatile string? readFallback;

    public Database(AggregatorPaths paths, ILogger<Database>? logger = null, TimeProvider? time = null)
    {
        FilePath = paths.DatabaseFile;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        Health = new StoreHealth(FilePath, time ?? TimeProvider.System, this.logger);
        connectionString = new Lazy<string>(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);
        TopicVersions = new TopicVersions(this);
    }

    public string FilePath { get; }

    public TopicVersions TopicVersions { get; }

    /// <summary>Whether writes succeed, and if not since when and why.</summary>
    public StoreHealth Health { get; }

    public int SchemaVersion => Migrations.Steps.Length;

    public SqliteConnection OpenRead()
    {
        var normal = connectionString.Value;
        return Open(readFallback ?? normal);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; callers never hold two.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken = default)
    {
        T result;
        bool resumed;
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            writer ??= OpenWriter();
            using (var transaction = writer.BeginTransaction(deferred: false))
            {
                result = work(writer, transaction);
                transaction.Commit();
            }

            try
            {
                BoundWal(writer);
            }
            catch (SqliteException)
            {
                // The write is committed and stands; a checkpoint that fails (the disk filling, say) is tried again
                // after the next commit, and a store that cannot be written reports itself through that write.
            }

            resumed = Health.Succeeded();
            if (resumed && readFallback is { } fallback)
            {
                // Writable again: readers go back to connections that see each new write.
                readFallback = null;
                using var stale = new SqliteConnection(fallback);
                SqliteConnection.ClearPool(stale);
            }
        }
        catch (SqliteException e) when (StoreFault.Of(e, OpenedReadOnly(writer)) is { } fault)
        {
            DropWriter();
            // Idle readers go too: one opened while the file system was read-only keeps SQLite's shared memory for
            // the file read-only in this process, and the next writer would inherit that.
            using (var readers = new SqliteConnection(connectionString.Value))
            {
                SqliteConnection.ClearPool(readers);
            }

            Health.Failed(fault);
            throw;
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

        if (resumed)
        {
            // Outside the lock: what was waiting for the store may write at once.
            Health.RaiseResumed();
        }

        return result;
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Pragmas(connection);
        return connection;
    }

    private static void Pragmas(SqliteConnection connection)
    {
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
    }

    /// <summary>Opens the writer's connection, kept in <see cref="writer"/> from the moment it exists so that a failure can ask it why.</summary>
    private SqliteConnection OpenWriter()
    {
        writer = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString.Value) { Pooling = false }.ToString());
        writer.Open();
        if (OpenedReadOnly(writer))
        {
            // What SQLite would say at the first change; said before a transaction that changes nothing could pass.
            throw new SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8, 8);
        }

        Pragmas(writer);
        return writer;
    }

    private string Initialise()
    {
        var found = StoreFile.Inspect(FilePath, Migrations.Steps.Length);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        SqliteConnection? connection = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder(builder.ToString()) { Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Migrate(connection, found);
            if (OpenedReadOnly(connection))
            {
                // Opened, but for reading only (the file system is read-only): every write will fail until it is not.
                Health.Failed(new StoreFault("read-only", "read-only (SQLite could open the file for reading only)"));
            }
        }
        catch (SqliteException e) when (StoreFault.Of(e, OpenedReadOnly(connection)) is { } fault)
        {
            if (!found.Exists || found.Version < Migrations.Steps.Length)
            {
                var problem = found.Exists
                    ? $"needs schema steps {found.Version + 1} to {Migrations.Steps.Length}, which could not be written: {fault.Description}"
                    : $"cannot be created: {fault.Description}";
                throw new StoreFileException(FilePath, problem, "Free space, or make the file and its folder writable, and start again");
            }

            // An up-to-date store that cannot be written now is still served; writes are tried again with each poll.
            Health.Failed(fault);
            if (!found.HasWal)
            {
                // No -shm can be made beside the file, and nothing else writes it: read it as the immutable file it is now.
                readFallback = StoreFile.ReadOnly(FilePath, hasWal: false, pooled: true);
            }
        }
        catch (IOException e) when (!found.Exists)
        {
            throw new StoreFileException(FilePath, $"cannot be created: {e.Message}", "Make its folder writable, or point Aggregator:DataDirectory to another folder");
        }
        catch (UnauthorizedAccessException e) when (!found.Exists)
        {
            throw new StoreFileException(FilePath, $"cannot be created: {e.Message}", "Make its folder writable, or point Aggregator:DataDirectory to another folder");
        }
        finally
        {
            connection?.Dispose();
        }

        return builder.ToString();
    }

    /// <summary>Applies the steps the file lacks, each in its own transaction, and marks the file as ours.</summary>
    private void Migrate(SqliteConnection connection, StoreFound found)
    {
        SearchIndex.RegisterMigrationFunctions(connection);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
        var mark = Convert.ToInt32(Scalar(connection, "PRAGMA application_id;"), CultureInfo.InvariantCulture) != StoreFile.ApplicationId;
        if (version != found.Version)
        {
            // Another process migrated it between the look and now; look again next start rather than guess.
            throw new StoreFileException(FilePath, $"changed while it was being opened (schema version {found.Version}, then {version})",
                "Start again");
        }

        for (var step = version; step < Migrations.Steps.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Migrations.Steps[step], transaction);
            Execute(connection, $"PRAGMA user_version = {step + 1};", transaction);
            if (mark)
            {
                Execute(connection, $"PRAGMA application_id = {StoreFile.ApplicationId};", transaction);
                mark = false;
            }

            transaction.Commit();
        }

        if (mark)
        {
            // A store from before application_id.
            Execute(connection, $"PRAGMA application_id = {StoreFile.ApplicationId};");
        }
    }

    /// <summary>
    /// Whether SQLite opened the file for reading only although asked to write: what a read-only file system (or a file
    /// the service's user may not write) looks like from inside.
    /// </summary>
    private static bool OpenedReadOnly(SqliteConnection? connection) =>
        connection?.Handle is { IsInvalid: false } handle && SQLitePCL.raw.sqlite3_db_readonly(handle, "main") == 1;

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
    /// that begin meanwhile read the database file alone and do not hold it up. Overlapping readers on a starved CPU can
    /// still keep an old snapshot's read mark taken for longer than that (seen under a load average of 10 on two cores):
    /// the WAL is then tried again after each write that grows it, waiting at most 200 ms each time, so that it stays
    /// near the limit without holding every write up for seconds.
    /// </summary>
    private void BoundWal(SqliteConnection connection)
    {
        var wal = new FileInfo(FilePath + "-wal");
        if (!wal.Exists || wal.Length < walCheckpointAt)
        {
            return;
        }

        // SQLite's own busy handler is what lets a checkpoint wait for readers; the connection has none otherwise.
        Execute(connection, walCheckpointAt == WalLimitBytes ? "PRAGMA busy_timeout = 5000;" : "PRAGMA busy_timeout = 200;");
        try
        {
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        finally
        {
            Execute(connection, "PRAGMA busy_timeout = 0;");
        }

        wal.Refresh();
        walCheckpointAt = wal.Exists && wal.Length >= WalLimitBytes ? wal.Length + 1 : WalLimitBytes;
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
