using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LatentDash.Models.Storage;

/// <summary>Who writes a temporary file or folder: process id, the process's start time and the host, carried in the
/// temporary name (…~&lt;pid&gt;~&lt;start&gt;~&lt;host&gt;~…). A later start can then tell a dead writer's leftover (remove
/// it) from a live worker's folder in progress (leave it), whatever their ages; the start time tells a reused pid
/// (a container's pid 1 after a restart) from the writer itself.</summary>
public sealed partial record WriterStamp(int ProcessId, long StartedUnixSeconds, string Host)
{
    private static readonly Lazy<WriterStamp> CurrentStamp = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return new WriterStamp(Environment.ProcessId, StartSeconds(self), HostName());
    });

    /// <summary>This process.</summary>
    public static WriterStamp Current => CurrentStamp.Value;

    /// <summary>The part of a temporary name that identifies the writer, delimited by '~' (never in a valid name).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"~{ProcessId}~{StartedUnixSeconds}~{Host}~");

    /// <summary>Finds a stamp in a file or folder name; false for names written before stamps existed.</summary>
    public static bool TryParse(string name, out WriterStamp stamp)
    {
        var match = Pattern().Match(name ?? "");
        if (match.Success
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            stamp = new WriterStamp(pid, started, match.Groups[3].Value);
            return true;
        }

        stamp = null!;
        return false;
    }

    /// <summary>True when the writer is a process on this host that has ended; false when it runs, or when it ran on
    /// another host (which this one cannot see).</summary>
    public bool IsDeadWriterOnThisHost()
    {
        if (!string.Equals(Host, Current.Host, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(ProcessId);
            // The kernel's start time moves by a clock tick between reads: a second either way is the same process.
            return process.HasExited || Math.Abs(StartSeconds(process) - StartedUnixSeconds) > 1;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // it exited while we looked
        }
    }

    private static long StartSeconds(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();

    /// <summary>The host name with '~' (the delimiter) replaced, so a stamp always parses back.</summary>
    private static string HostName()
    {
        var name = Environment.MachineName;
        return string.IsNullOrEmpty(name) ? "localhost" : name.Replace('~', '-');
    }

    [GeneratedRegex(@"~(\d{1,10})~(\d{1,19})~([^~/\\]{1,255})~", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
