using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Whether the service is inside a write transaction (or a checkpoint) of its store right now, seen from outside: SQLite
/// in WAL mode takes a POSIX advisory lock on one byte of the <c>-shm</c> file for the whole of a write transaction
/// (WAL_WRITE_LOCK, offset 120 in the unix VFS) and another while it checkpoints (offset 121). <c>fcntl(F_GETLK)</c> asks
/// the kernel who holds them without taking them, so the service is never held up. Linux only; elsewhere nothing is known.
/// </summary>
internal sealed class CrashWriteLock : IDisposable
{
    private const int WriteLockOffset = 120;
    private const int CheckpointLockOffset = 121;
    private const int FGetLk = 5;
    private const short FWrLck = 1;
    private const short FUnLck = 2;

    private readonly SafeFileHandle shm;

    private CrashWriteLock(SafeFileHandle shm) => this.shm = shm;

    /// <summary>The store's <c>-shm</c> file opened for asking, or null when there is none yet (or this is not Linux).</summary>
    public static CrashWriteLock? Open(string database)
    {
        var path = database + "-shm";
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return new CrashWriteLock(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Another process holds the write lock: a write transaction is open.</summary>
    public bool Writing => Held(WriteLockOffset);

    /// <summary>Another process holds the checkpoint lock: pages are being copied from the WAL into the database.</summary>
    public bool Checkpointing => Held(CheckpointLockOffset);

    /// <summary>Spins until a write transaction is open, at most <paramref name="limit"/>; true when one is.</summary>
    public bool WaitForWrite(TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!Writing)
        {
            if (DateTime.UtcNow >= until)
            {
                return false;
            }

            Thread.SpinWait(50);
        }

        return true;
    }

    private bool Held(int offset)
    {
        var query = new Flock { Type = FWrLck, Whence = 0, Start = offset, Length = 1 };
        var added = false;
        shm.DangerousAddRef(ref added);
        try
        {
            return Fcntl((int)shm.DangerousGetHandle(), FGetLk, ref query) == 0 && query.Type != FUnLck;
        }
        finally
        {
            if (added)
            {
                shm.DangerousRelease();
            }
        }
    }

    public void Dispose() => shm.Dispose();

    // DllImport rather than LibraryImport, which would need unsafe code allowed in both projects; the struct is blittable.
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, ref Flock flock);

    /// <summary><c>struct flock</c> of Linux (x86-64 and arm64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Flock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }
}
