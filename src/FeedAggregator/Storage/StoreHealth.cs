using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>
/// Why the store could not be written, as operators act on it: <see cref="Kind"/> is <c>disk-full</c>, <c>read-only</c>,
/// <c>permission</c>, <c>io-error</c>, <c>corrupt</c>, <c>busy</c> or <c>cannot-open</c>.
/// </summary>
public sealed record StoreFault(string Kind, string Description)
{
    /// <summary>
    /// The fault behind a failed write, or null when the error is not the file's (a constraint, a bug).
    /// <paramref name="openedReadOnly"/>: SQLite could open the file for reading only (a read-only file system, or a file
    /// the service's user may not write), which it then reports as "unable to open" or "readonly" depending on the step.
    /// </summary>
    public static StoreFault? Of(SqliteException e, bool openedReadOnly = false)
    {
        var code = e.SqliteErrorCode switch
        {
            13 => "SQLITE_FULL",
            8 => "SQLITE_READONLY",
            3 => "SQLITE_PERM",
            10 => "SQLITE_IOERR",
            11 => "SQLITE_CORRUPT",
            26 => "SQLITE_NOTADB",
            5 => "SQLITE_BUSY",
            6 => "SQLITE_LOCKED",
            14 => "SQLITE_CANTOPEN",
            _ => null,
        };
        if (code is null)
        {
            return null;
        }

        var (kind, what) = e.SqliteErrorCode switch
        {
            13 => ("disk-full", "disk full"),
            _ when openedReadOnly => ("read-only", "read-only: SQLite could open the file for reading only"),
            8 => ("read-only", "read-only"),
            3 => ("permission", "permission denied"),
            10 => ("io-error", "I/O error"),
            11 or 26 => ("corrupt", "the file is damaged"),
            5 or 6 => ("busy", "another program holds the write lock"),
            _ => ("cannot-open", "cannot open the file, its -wal or its -shm for writing"),
        };
        var extended = e.SqliteExtendedErrorCode != e.SqliteErrorCode
            ? string.Create(CultureInfo.InvariantCulture, $", extended code {e.SqliteExtendedErrorCode}")
            : "";
        return new StoreFault(kind, $"{what} ({code}{extended}: {SqliteMessage(e)})");
    }

    /// <summary>SQLite's own words, without Microsoft.Data.Sqlite's "SQLite Error 13: '…'." around them.</summary>
    private static string SqliteMessage(SqliteException e)
    {
        var message = e.Message;
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }
}

/// <summary>Whether the store takes writes, as <c>/health</c> shows it under <c>storage</c>.</summary>
/// <param name="Writable">False from a write that failed for the file's sake until the next one that succeeds.</param>
/// <param name="Fault">The kind of the last such failure (<see cref="StoreFault.Kind"/>), null while writable.</param>
/// <param name="LastError">What the last failed write met, kept after writes resume.</param>
/// <param name="Since">The first failed write of the present outage, null while writable.</param>
/// <param name="FailedWrites">Write transactions that failed since the service started.</param>
public sealed record StoreState(
    string File,
    bool Writable,
    string? Fault,
    string? LastError,
    DateTimeOffset? Since,
    DateTimeOffset? LastErrorAt,
    long FailedWrites,
    DateTimeOffset? LastWriteAt);

/// <summary>
/// Follows the writer's successes and failures: one error line when writes start failing (or fail for another reason),
/// one line when they resume, nothing for each failure between, which every poll's own line already reports.
/// </summary>
public sealed class StoreHealth(string file, TimeProvider time, ILogger logger)
{
    private readonly Lock gate = new();
    private StoreState state = new(file, true, null, null, null, null, 0, null);

    public StoreState Current
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>Raised after the write that ended an outage: work that could not be written may try again.</summary>
    public event Action? Resumed;

    internal void RaiseResumed() => Resumed?.Invoke();

    /// <summary>True when this write ended an outage.</summary>
    internal bool Succeeded()
    {
        var now = time.GetUtcNow();
        StoreState before;
        lock (gate)
        {
            before = state;
            state = state with { Writable = true, Fault = null, Since = null, LastWriteAt = now };
        }

        if (before.Writable)
        {
            return false;
        }

        logger.LogInformation("The store {DatabaseFile} is writable again after {Outage:0} s without writes ({Fault}); polls store their items again",
            file, (now - before.Since!.Value).TotalSeconds, before.Fault);
        return true;
    }

    internal void Failed(StoreFault fault)
    {
        var now = time.GetUtcNow();
        StoreState before;
        lock (gate)
        {
            before = state;
            state = state with
            {
                Writable = false,
                Fault = fault.Kind,
                LastError = fault.Description,
                Since = before.Since ?? now,
                LastErrorAt = now,
                FailedWrites = before.FailedWrites + 1,
            };
        }

        if (before.Writable || before.Fault != fault.Kind)
        {
            logger.LogError(
                "The store {DatabaseFile} cannot be written: {StoreError}. Topic feeds and the API go on serving what is stored; " +
                "each poll tries again, and writes resume by themselves once the file can be written",
                file, fault.Description);
        }
    }
}
