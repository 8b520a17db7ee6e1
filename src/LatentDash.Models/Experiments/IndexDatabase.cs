using System.Diagnostics;
using System.Globalization;
using System.Text;
using LatentDash.Models.Storage;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace LatentDash.Models.Experiments;

/// <summary>The LiteDB file of the one process that owns it, opened and, when needed, repaired.</summary>
/// <remarks>Ownership is an exclusive lock on "&lt;file&gt;.owner" that also says who holds it (pid, command, host,
/// start time). When another process holds it, <see cref="IndexLockPolicy"/> decides: wait then refuse, or (the CLI
/// only) a private in-memory index. A file LiteDB cannot read is moved aside as "&lt;file&gt;.corrupt-&lt;UTC time&gt;"
/// and an empty database takes its place: the index is rebuilt from the folders, and <see cref="CorruptCopy"/> tells
/// other users of the file (run records) that theirs must be rebuilt too. All of it happens when the singleton is
/// first resolved, which the hosted services' constructors do before any of them starts.</remarks>
public sealed partial class IndexDatabase
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private IndexDatabase(ILiteDatabase database, string path, string? holder, string? corruptCopy)
    {
        Database = database;
        Path = path;
        Holder = holder;
        CorruptCopy = corruptCopy;
    }

    /// <summary>The database; disposing it releases the ownership lock.</summary>
    public ILiteDatabase Database { get; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>True when another process owns the file and this one works on a private in-memory copy.</summary>
    public bool InMemory => Holder is not null;

    /// <summary>Who owned the file when this process fell back to memory.</summary>
    public string? Holder { get; }

    /// <summary>Where an unreadable database file was moved at this start (null when it opened cleanly): everything
    /// stored only in it must be rebuilt from the folders.</summary>
    public string? CorruptCopy { get; }

    /// <summary>Opens <paramref name="path"/> for this process.</summary>
    /// <exception cref="IndexLockedException">Another process kept the file for all of <paramref name="wait"/>
    /// (policy <see cref="IndexLockPolicy.WaitThenRefuse"/>).</exception>
    public static IndexDatabase Open(string path, IndexLockPolicy policy, TimeSpan wait, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var lockPath = full + ".owner";
        var ownership = TryLock(lockPath);
        if (ownership is null)
        {
            var holder = DescribeHolder(lockPath);
            if (policy == IndexLockPolicy.FallBackToMemory)
            {
                LogInMemory(logger, full, holder);
                return new IndexDatabase(new LiteDatabase(new MemoryStream()), full, holder, null);
            }

            LogWaiting(logger, full, holder, wait.TotalSeconds);
            var clock = Stopwatch.StartNew();
            while (ownership is null && clock.Elapsed < wait)
            {
                Thread.Sleep(Poll);
                ownership = TryLock(lockPath);
            }

            if (ownership is null)
            {
                holder = DescribeHolder(lockPath);
                LogRefused(logger, full, holder, wait.TotalSeconds);
                throw new IndexLockedException(
                    $"The index database {full} is in use by {holder} (waited {wait.TotalSeconds:F0} s). Stop that process, " +
                    "or give this one its own Storage:DatabasePath; a dashboard never runs on a private copy, which would lose what it accepts.");
            }

            LogReleased(logger, full);
        }

        try
        {
            WriteHolder(ownership);
            var (database, corruptCopy) = OpenOrRepair(full, logger);
            database.Ownership = ownership;
            return new IndexDatabase(database, full, null, corruptCopy);
        }
        catch
        {
            ownership.Dispose();
            throw;
        }
    }

    /// <summary>Who holds <paramref name="lockPath"/>, as its owner wrote it, in one line.</summary>
    public static string DescribeHolder(string lockPath)
    {
        var text = Posix.ReadUnlocked(lockPath);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "another process (it has not said who it is yet)";
        }

        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        string Field(string key) => fields.GetValueOrDefault(key) ?? "?";
        return $"pid {Field("pid")} ({Field("process")}) on host {Field("host")}, since {Field("started")}";
    }

    private static FileStream? TryLock(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void WriteHolder(FileStream ownership)
    {
        using var self = Process.GetCurrentProcess();
        var command = string.Join(' ', Environment.GetCommandLineArgs());
        if (command.Length > 300)
        {
            command = command[..300] + "…";
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"pid: {Environment.ProcessId}\nprocess: {command.ReplaceLineEndings(" ")}\nhost: {Environment.MachineName}\nstarted: {self.StartTime.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}\n");
        ownership.SetLength(0);
        ownership.Write(Encoding.UTF8.GetBytes(text));
        ownership.Flush(flushToDisk: true);
    }

    private static (OwnedDatabase Database, string? CorruptCopy) OpenOrRepair(string path, ILogger logger)
    {
        var connection = new ConnectionString { Filename = path, Connection = ConnectionType.Direct };
        OwnedDatabase? database = null;
        try
        {
            database = new OwnedDatabase(connection);
            ReadEverything(database);
            return (database, null);
        }
#pragma warning disable CA1031 // Whatever LiteDB throws on a damaged file (its own exceptions, casts, out-of-range
        // reads of garbage), the remedy is the same: keep the file for a person to look at and start on an empty one.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            database?.Dispose();
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var copy = $"{path}.corrupt-{stamp}";
            File.Move(path, copy);
            var log = LogFile(path);
            if (File.Exists(log))
            {
                File.Move(log, $"{log}.corrupt-{stamp}");
            }

            LogCorrupt(logger, ex, path, copy);
            var fresh = new OwnedDatabase(connection);
            ReadEverything(fresh);
            return (fresh, copy);
        }
    }

    /// <summary>Reads every document of every collection: damage deep in the file shows now, at start, where it can
    /// be repaired, not at some later query of a running host.</summary>
    private static void ReadEverything(LiteDatabase database)
    {
        foreach (var name in database.GetCollectionNames().ToList())
        {
            foreach (var _ in database.GetCollection(name).FindAll())
            {
            }
        }
    }

    /// <summary>LiteDB's write-ahead log beside the file: "index.db" → "index-log.db".</summary>
    private static string LogFile(string path) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(path)!,
            System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The index database {Path} is held by {Holder}: this command uses a private in-memory index built from the folders (what it writes to the folders reaches the owner's index at its next sync)")]
    private static partial void LogInMemory(ILogger logger, string path, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The index database {Path} is held by {Holder}: waiting up to {Seconds} s for it to be released (Storage:IndexLockWaitSeconds)")]
    private static partial void LogWaiting(ILogger logger, string path, string holder, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The index database {Path} was released; this process owns it now")]
    private static partial void LogReleased(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The index database {Path} is still held by {Holder} after {Seconds} s: refusing to start on a private copy")]
    private static partial void LogRefused(ILogger logger, string path, string holder, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The index database {Path} is unreadable; it was moved to {Copy} and an empty one created: the index is rebuilt from the experiment folders")]
    private static partial void LogCorrupt(ILogger logger, Exception exception, string path, string copy);

    /// <summary>A database that holds its ownership lock until disposed.</summary>
    private sealed class OwnedDatabase(ConnectionString connection) : LiteDatabase(connection)
    {
        public FileStream? Ownership { get; set; }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Ownership?.Dispose();
            }
        }
    }
}
