using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LatentDash.Models.Storage;

/// <summary>The few libc calls .NET does not offer: fsync of a directory (File.OpenHandle refuses directories on
/// Linux) and reading a file that another process holds under an exclusive lock (.NET's own open takes a shared
/// flock first, which the holder's exclusive one refuses).</summary>
internal static partial class Posix
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int Directory = 0x10000; // O_DIRECTORY on x86-64 and arm64 Linux
    private const int CloseOnExec = 0x80000; // O_CLOEXEC

    /// <summary>Makes a directory's entries (a rename into it, a new file) durable. A no-op off Linux, where the
    /// platform's own rename is what there is.</summary>
    /// <exception cref="IOException">fsync failed (the errno is in the message).</exception>
    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(path, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Reads a whole (small) file without taking .NET's advisory lock, so a file held locked by its owner can
    /// still be read. Null when it cannot be opened.</summary>
    public static string? ReadUnlocked(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException)
            {
                return null;
            }
        }

        var fd = Open(path, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
