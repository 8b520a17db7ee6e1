using System.Text;

namespace LatentDash.Models.Storage;

/// <summary>Durable, all-or-nothing writes: a file or folder is written under a temporary name that carries its
/// writer (<see cref="WriterStamp"/>), its contents are fsynced, it is renamed into place, and the parent directory
/// is fsynced so the rename itself survives a power cut. A reader sees the old version or the new one, never half.</summary>
/// <remarks>Temporary names start with '.' and end with ".tmp" (".old" for a replaced folder stepping aside), so
/// listings skip them and <see cref="Leftovers"/> can remove a dead writer's at the next start.</remarks>
public static class AtomicFiles
{
    /// <summary>The temporary sibling of <paramref name="path"/>: ".&lt;name&gt;~pid~start~host~&lt;random&gt;.tmp".</summary>
    public static string TempPathFor(string path) => Sibling(path, ".tmp");

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically and durably.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text)))));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically and durably.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Lets <paramref name="write"/> fill a temporary file, then puts it in place of <paramref name="path"/>
    /// atomically and durably. On any failure the temporary file is removed and <paramref name="path"/> is untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = TempPathFor(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            Posix.FsyncDirectory(directory);
        }
        finally
        {
            File.Delete(temp); // nothing there after a successful move
        }
    }

    /// <summary>Moves a completely written folder to <paramref name="target"/>, which must not exist: every file in it
    /// is fsynced first, the parent directory after.</summary>
    /// <exception cref="IOException"><paramref name="target"/> exists, or a flush or the rename failed.</exception>
    public static void MoveDirectory(string temp, string target)
    {
        FlushDirectoryTree(temp);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"{target} already exists");
        }

        Directory.Move(temp, target);
        Posix.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
    }

    /// <summary>Puts a completely written folder in place of <paramref name="target"/>, replacing any older one whole:
    /// the old folder steps aside (".old"), the new one is renamed in, then the old one is deleted, so at no moment
    /// does <paramref name="target"/> hold a mix of both.</summary>
    public static void ReplaceDirectory(string temp, string target)
    {
        FlushDirectoryTree(temp);
        var full = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(full)!;
        string? previous = null;
        if (Directory.Exists(full))
        {
            previous = Sibling(full, ".old");
            Directory.Move(full, previous);
        }

        Directory.Move(temp, full);
        Posix.FsyncDirectory(parent);
        if (previous is not null)
        {
            Directory.Delete(previous, recursive: true);
        }
    }

    /// <summary>Fsyncs every file under <paramref name="directory"/> and every directory, itself included.</summary>
    public static void FlushDirectoryTree(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            FlushFile(file);
        }

        foreach (var sub in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories))
        {
            Posix.FsyncDirectory(sub);
        }

        Posix.FsyncDirectory(directory);
    }

    /// <summary>Fsyncs a file that something else wrote (torch's weights, a converter's output).</summary>
    public static void FlushFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Fsyncs a directory, making a rename or a new entry in it durable.</summary>
    public static void FlushDirectory(string directory) => Posix.FsyncDirectory(directory);

    private static string Sibling(string path, string suffix)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(
            Path.GetDirectoryName(full)!,
            $".{Path.GetFileName(full)}{WriterStamp.Current}{Guid.NewGuid():N}{suffix}");
    }
}
