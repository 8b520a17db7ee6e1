namespace LatentDash.Models.Storage;

/// <summary>Decides whether a temporary file or folder is a crash's leftover. A stamped name (<see
/// cref="WriterStamp"/>) from this host is a leftover exactly when its writer has ended, whatever its age; an
/// unstamped one (written before stamps) or one from another host sharing the folder is one only once it is older
/// than a writer could still be busy with it.</summary>
public static class Leftovers
{
    /// <summary>How old an unattributable temporary must be before it is taken for a leftover.</summary>
    public static readonly TimeSpan ForeignMinimumAge = TimeSpan.FromHours(6);

    public static bool IsAbandoned(string path, TimeSpan foreignMinimumAge)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (WriterStamp.TryParse(name, out var stamp) && string.Equals(stamp.Host, WriterStamp.Current.Host, StringComparison.Ordinal))
        {
            return stamp.IsDeadWriterOnThisHost();
        }

        var written = Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path);
        return DateTime.UtcNow - written >= foreignMinimumAge;
    }

    /// <summary>Removes the abandoned entries among <paramref name="candidates"/> (files or folders); returns how
    /// many. One that vanishes meanwhile (its writer finished or another cleaner was faster) is not an error.</summary>
    public static int Remove(IEnumerable<string> candidates, TimeSpan foreignMinimumAge)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var removed = 0;
        foreach (var path in candidates)
        {
            try
            {
                if (!IsAbandoned(path, foreignMinimumAge))
                {
                    continue;
                }

                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }

                removed++;
            }
            catch (DirectoryNotFoundException)
            {
                // gone meanwhile
            }
            catch (FileNotFoundException)
            {
                // gone meanwhile
            }
        }

        return removed;
    }

    /// <summary>The entries of <paramref name="directory"/> matching <paramref name="pattern"/>; none when it is
    /// missing.</summary>
    public static IEnumerable<string> Find(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory, pattern, new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 } /* dot names count as hidden on Unix */)
            : [];
}
