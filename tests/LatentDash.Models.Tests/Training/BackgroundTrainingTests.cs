using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Training;

public sealed class BackgroundTrainingTests
{
    [Fact]
    public void Work_runs_on_a_thread_of_its_own_with_the_given_torch_threads_and_niceness()
    {
        var caller = Environment.CurrentManagedThreadId;

        var (thread, torchThreads, niceness) = BackgroundTraining.Run(
            () => (Environment.CurrentManagedThreadId, get_num_threads(), ThreadNiceness()), threads: 1, niceness: 7);

        Assert.NotEqual(caller, thread);
        Assert.Equal(1, torchThreads);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(7, niceness);
            Assert.Equal(0, ThreadNiceness()); // the caller keeps its priority
        }
    }

    [Fact]
    public void An_exception_of_the_work_reaches_the_caller()
    {
        var error = Assert.Throws<TrainingDivergedException>(() =>
            BackgroundTraining.Run<int>(() => throw new TrainingDivergedException("loss became NaN"), threads: 1));

        Assert.Equal("loss became NaN", error.Message);
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (fields after the name start at 3).</summary>
    private static int ThreadNiceness()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
