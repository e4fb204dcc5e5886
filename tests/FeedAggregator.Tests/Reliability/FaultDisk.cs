using System.Diagnostics;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// A small file system of its own for the service's data folder: a tmpfs of a given size, which fills up as a real disk
/// does (ENOSPC) and can be remounted read-only or larger. Needs root (or CAP_SYS_ADMIN), as the CI machine has; without
/// it the test fails and says so. Unmounted when disposed, whatever the test's outcome.
/// </summary>
internal sealed class FaultDisk : IDisposable
{
    private readonly string? image;

    private FaultDisk(string path, string? image = null)
    {
        Path = path;
        this.image = image;
    }

    public string Path { get; }

    public static FaultDisk Mount(string path, string size)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", path);
        if (code != 0)
        {
            Assert.Fail($"mounting a tmpfs at {path} failed (exit code {code}): {output}. The disk fault tests need root or CAP_SYS_ADMIN " +
                "(mount -t tmpfs); run them where the test command can mount");
        }

        return new FaultDisk(path);
    }

    /// <summary>
    /// An ext4 file system in <paramref name="image"/> on a loop device, mounted with <c>errors=remount-ro</c> as
    /// distributions mount their disks: after an error the kernel turns it read-only under whoever has files open on it.
    /// </summary>
    public static FaultDisk MountExt4(string path, string image, int megabytes)
    {
        Directory.CreateDirectory(path);
        using (var file = File.Create(image))
        {
            file.SetLength(megabytes * 1024L * 1024);
        }

        var (code, output) = Run("mkfs.ext4", "-q", "-F", "-m", "0", image);
        Assert.That(code, Is.Zero, $"mkfs.ext4 {image}: {output}");
        var disk = new FaultDisk(path, image);
        disk.MountImage();
        return disk;
    }

    /// <summary>Makes the ext4 file system meet an error, as a failing disk would: the kernel remounts it read-only.</summary>
    public void FailExt4()
    {
        var device = System.IO.Path.GetFileName(Run("findmnt", "-n", "-o", "SOURCE", Path).Output);
        File.WriteAllText($"/sys/fs/ext4/{device}/trigger_fs_error", "fault test: disk error");
        // Linux 6.x says "emergency_ro" beside the options it was mounted with; older kernels flip "rw" to "ro".
        Assert.That(Run("findmnt", "-n", "-o", "OPTIONS", Path).Output, Does.StartWith("ro,").Or.Contain("emergency_ro"), "the kernel turned it read-only");
    }

    /// <summary>What an operator does after a disk error, with the service stopped: unmount, e2fsck, mount again.</summary>
    public void RepairExt4()
    {
        Assert.That(Run("umount", Path).Code, Is.Zero, "umount after the error");
        var (code, output) = Run("e2fsck", "-f", "-y", image!);
        // 0: nothing to fix, 1: errors fixed.
        Assert.That(code, Is.LessThanOrEqualTo(1), $"e2fsck {image}: {output}");
        MountImage();
    }

    private void MountImage()
    {
        var (code, output) = Run("mount", "-o", "loop,errors=remount-ro", image!, Path);
        if (code != 0)
        {
            Assert.Fail($"mounting {image} on a loop device at {Path} failed (exit code {code}): {output}. The disk fault tests need root " +
                "(or CAP_SYS_ADMIN) and loop devices");
        }
    }

    /// <summary><c>mount -o remount,{options}</c>: <c>ro</c>, <c>rw</c>, <c>size=64m</c>.</summary>
    public void Remount(string options)
    {
        var (code, output) = Run("mount", "-o", $"remount,{options}", Path);
        Assert.That(code, Is.Zero, $"mount -o remount,{options} {Path}: {output}");
    }

    /// <summary>Bytes free, as <c>df</c> counts them.</summary>
    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    public static (int Code, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, (output.Result + error).Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{command} could not be started: {e.Message}");
        }
    }

    public void Dispose()
    {
        // Lazily when something still holds a file open, so that the mount never outlives the test.
        if (Run("umount", Path).Code != 0)
        {
            Run("umount", "-l", Path);
        }
    }
}
