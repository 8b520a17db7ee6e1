using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Runs training on a dedicated thread that yields to interactive work: its torch thread count is bounded
/// and, on Linux, the thread (and the kernel threads torch starts from it, which inherit the setting) runs at a lower
/// scheduling priority, so an explorer in the same process or on the same machine stays responsive.</summary>
public static partial class BackgroundTraining
{
    /// <summary>The nice value of a training thread: the scheduler gives a nice-0 thread about nine times its share.</summary>
    public const int Niceness = 10;

    /// <summary>Runs <paramref name="work"/> on a new thread with <paramref name="threads"/> torch threads.</summary>
    public static Task<T> Run<T>(Func<T> work, int threads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return Task.Factory.StartNew(
            () =>
            {
                LowerPriority();
                set_num_threads(threads); // OpenMP's thread count is per calling thread: set it on this one
                return work();
            },
            cancellationToken,
            TaskCreationOptions.LongRunning, // a thread of its own, ended with the work, never a pool thread
            TaskScheduler.Default);
    }

    /// <summary>Lowers the calling thread's priority where the platform allows it; true when it did.</summary>
    public static bool LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // On Linux the nice value belongs to the thread (task) named by its id, not to the whole process.
        return SetPriority(0 /* PRIO_PROCESS */, GetThreadId(), Niceness) == 0;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
