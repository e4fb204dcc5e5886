using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>
/// What lies at the database path, found out before anything opens it for writing: SQLite changes a file it opens for
/// writing at once (<c>PRAGMA journal_mode = WAL</c> rewrites the header, migrations add tables), so a damaged file or
/// another program's database must be recognised while it is only read. A file that is not a sound FeedAggregator
/// store stops start-up with a <see cref="StoreFileException"/> and stays byte for byte as it was.
/// </summary>
internal static class StoreFile
{
    /// <summary>
    /// <c>PRAGMA application_id</c> of every store: "FdAg" in ASCII. SQLite's header field for telling one application's
    /// database files from another's (https://www.sqlite.org/fileformat.html#application_id).
    /// </summary>
    public const int ApplicationId = 0x46644167;

    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <summary>Columns of schema step 1 that stores written before <see cref="ApplicationId"/> are recognised by.</summary>
    private static readonly (string Table, string[] Columns)[] Fingerprint =
    [
        ("feeds", ["id", "url", "consecutive_failures", "items_added_last", "next_poll_at"]),
        ("items", ["uid", "feed_id", "identity", "content_hash", "first_seen_at", "sort_at"]),
        ("topic_items", ["topic_id", "item_id", "sort_at", "matched_at"]),
        ("topics", ["id", "query", "evaluated_at"]),
    ];

    /// <summary>Reads the file at <paramref name="path"/> without changing it; throws when it is not a store to open.</summary>
    public static StoreFound Inspect(string path, int knownVersion)
    {
        if (Directory.Exists(path))
        {
            throw new StoreFileException(path, "is a folder, not a database file");
        }

        var file = new FileInfo(path);
        var hasWal = File.Exists(path + "-wal");
        if (!file.Exists || (file.Length == 0 && !hasWal))
        {
            // An empty file is an empty SQLite database: nothing in it to lose.
            return new StoreFound(false, 0, 0, hasWal);
        }

        CheckHeader(path, file.Length);
        try
        {
            using var connection = new SqliteConnection(ReadOnly(path, hasWal));
            connection.Open();
            var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            var tables = Strings(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name");
            if (applicationId != ApplicationId)
            {
                if (applicationId != 0)
                {
                    throw new StoreFileException(path, string.Create(CultureInfo.InvariantCulture,
                        $"is another application's SQLite database (application_id {applicationId} (0x{applicationId:x8}), not FeedAggregator's 0x{ApplicationId:x8})"));
                }

                if (tables.Count == 0 && version == 0)
                {
                    return new StoreFound(false, 0, 0, hasWal);
                }

                if (version == 0 || !IsOurs(connection))
                {
                    var names = string.Join(", ", tables.Take(8)) + (tables.Count > 8 ? $" and {tables.Count - 8} more" : "");
                    throw new StoreFileException(path, string.Create(CultureInfo.InvariantCulture,
                        $"is a SQLite database of another application, not a FeedAggregator store (user_version {version}, tables: {(tables.Count == 0 ? "none" : names)})"));
                }
            }

            if (version > knownVersion)
            {
                throw new StoreFileException(path, string.Create(CultureInfo.InvariantCulture,
                    $"has schema version {version}, newer than this build knows ({knownVersion}): a newer FeedAggregator wrote it"),
                    "The file was left as it was; run that newer FeedAggregator, or restore a backup of the store from before it");
            }

            // Each table's first page, where a file cut short or overwritten in the middle usually shows first. A full
            // check reads the whole file (seconds for a large store), too long for every start: see docs/store.md.
            foreach (var table in tables.Where(t => Fingerprint.Any(f => f.Table == t)))
            {
                Scalar(connection, $"SELECT count(*) FROM (SELECT 1 FROM \"{table}\" LIMIT 1)");
            }

            return new StoreFound(true, version, applicationId, hasWal);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
        {
            throw new StoreFileException(path, $"is damaged: SQLite reads it as malformed ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>
    /// A connection that cannot change the file: immutable when no <c>-wal</c> lies beside it (then nothing else has it
    /// open in WAL mode, and nothing needs creating, not even a <c>-shm</c>); plain read-only when one does, so that
    /// what the <c>-wal</c> holds is read too.
    /// </summary>
    public static string ReadOnly(string path, bool hasWal, bool pooled = false) => hasWal
        ? new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = pooled }.ToString()
        : new SqliteConnectionStringBuilder { DataSource = new Uri(path).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = pooled }.ToString();

    /// <summary>The 100-byte header: SQLite's magic string, and a length that is a whole number of pages, at least those it counts.</summary>
    private static void CheckHeader(string path, long length)
    {
        var header = new byte[100];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < header.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                throw new StoreFileException(path, "is not a SQLite database (it does not begin with the SQLite header): a damaged store, or another kind of file");
            }
        }

        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16)) is var size && size == 1 ? 65536 : size;
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var countValid = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24)) == BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new StoreFileException(path, "is damaged: its SQLite header names an impossible page size");
        }

        if (countValid && pages > 0 && length < (long)pages * pageSize)
        {
            throw new StoreFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"is damaged: it is {length} bytes long, shorter than the {pages} pages of {pageSize} bytes its header counts (cut short?)"));
        }
    }

    /// <summary>A store from before <see cref="ApplicationId"/>: the tables and columns of schema step 1.</summary>
    private static bool IsOurs(SqliteConnection connection) => Fingerprint.All(table =>
    {
        var columns = Strings(connection, $"SELECT name FROM pragma_table_info('{table.Table}')");
        return table.Columns.All(columns.Contains);
    });

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

/// <summary>A store file found at the path: <see cref="Exists"/> is false for none, an empty file or an empty database.</summary>
internal sealed record StoreFound(bool Exists, int Version, int ApplicationId, bool HasWal);

/// <summary>
/// The file at the database path cannot be opened as a store: the message names the file, what is wrong, and what to do
/// (by default: the file was left as it was; move it away or point the data folder elsewhere).
/// </summary>
public sealed class StoreFileException(string path, string problem, string? remedy = null)
    : InvalidOperationException($"{path} {problem}. {remedy ?? DefaultRemedy}")
{
    private const string DefaultRemedy =
        "The file was left as it was; move it away (or put back a backup of the store), or point Aggregator:DataDirectory to another folder";

    public string FilePath { get; } = path;
}
