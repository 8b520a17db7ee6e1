using System.Runtime.InteropServices;

namespace LatentDash.Bench;

/// <summary>CPU time consumed by the calling thread (Linux): on a machine shared with other busy processes, work done on
/// one torch thread measured in its own CPU seconds is steadier than wall time, which counts the waits for a core.</summary>
internal static partial class CpuClock
{
    private const int ProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID
    private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>Seconds of CPU the calling thread has used; NaN where the clock is not available.</summary>
    public static double ThreadSeconds() => Seconds(ThreadCpuTime);

    /// <summary>Seconds of CPU every thread of the process has used (torch's workers included); NaN where not available.</summary>
    public static double ProcessSeconds() => Seconds(ProcessCpuTime);

    private static double Seconds(int clock)
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        Span<long> spec = stackalloc long[2];
        return GetTime(clock, ref MemoryMarshal.GetReference(spec)) == 0 ? spec[0] + (spec[1] / 1e9) : double.NaN;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int GetTime(int clock, ref long timespec);
}
