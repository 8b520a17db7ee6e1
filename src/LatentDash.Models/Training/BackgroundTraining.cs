using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Runs training on a dedicated thread that yields to interactive work: its torch thread count is bounded
/// and, on Linux, the thread (and the kernel threads torch starts from it, which inherit the setting) runs at a lower
/// scheduling priority, so an explorer in the same process or on the same machine stays responsive.</summary>
public static partial class BackgroundTraining
{
    /// <summary>The default nice value of a training thread: against it a nice-0 thread gets about nine times the CPU.</summary>
    public const int DefaultNiceness = 10;

    /// <summary>Runs <paramref name="work"/> on a new thread with <paramref name="threads"/> torch threads, at nice
    /// <paramref name="niceness"/> (0 = normal priority, 19 = lowest), and waits for it; its exception is rethrown here.</summary>
    /// <remarks>Synchronous on purpose: a thread inherits its creator's nice value, so the training thread must never be
    /// the one that completes a task (its continuation could make the thread pool grow a low-priority worker). It only
    /// ends, and the caller, at normal priority, carries on.</remarks>
    public static T Run<T>(Func<T> work, int threads, int niceness = DefaultNiceness)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(niceness, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(niceness, 19);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                LowerPriority(niceness); // before torch starts its kernel threads, which inherit it
                // OpenMP's thread count is per calling thread: set it on this one. libtorch first gives a thread the
                // count last set in the process (by its first parallel call, which get_num_threads is too): done here
                // first, so a count another training sets meanwhile cannot replace this one's.
                _ = get_num_threads();
                set_num_threads(threads);
                result = work();
            }
#pragma warning disable CA1031 // rethrown on the caller's thread below
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            Name = "LatentDash training",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Lowers the calling thread's priority where the platform allows it; true when it did.</summary>
    public static bool LowerPriority(int niceness)
    {
        if (!OperatingSystem.IsLinux() || niceness == 0)
        {
            return false;
        }

        // On Linux the nice value belongs to the thread (task) named by its id, not to the whole process.
        return SetPriority(0 /* PRIO_PROCESS */, GetThreadId(), niceness) == 0;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
