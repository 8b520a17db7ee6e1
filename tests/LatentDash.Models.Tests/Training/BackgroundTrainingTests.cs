using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
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

    [Fact]
    public async Task Trainings_at_once_on_one_torch_thread_each_give_the_histories_they_give_alone()
    {
        // A dashboard with two queue workers and one training thread each trains two models of a sweep at once, on the
        // same loaded dataset: what each learns must not depend on what else trains.
        using var train = Synthetic.Images(96, seed: 1);
        using var validation = Synthetic.Images(20, seed: 2);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, LearningRate = 1e-3, EarlyStopping = false };
        List<EpochMetrics> Train(long seed, Barrier? start) => BackgroundTraining.Run(
            () =>
            {
                using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed);
                start?.SignalAndWait();
                var result = new VaeTrainer().Train(model, train, validation, options with { Seed = seed });
                return result.History.Select(h => h with { Seconds = 0 }).ToList();
            },
            threads: 1,
            niceness: 0);
        Task<List<EpochMetrics>> Started(long seed, Barrier start) =>
            Task.Factory.StartNew(() => Train(seed, start), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var alone5 = Train(5, null);
        var alone6 = Train(6, null);
        using var start = new Barrier(2);
        var together = await Task.WhenAll(Started(5, start), Started(6, start)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(alone5, together[0]);
        Assert.Equal(alone6, together[1]);
        Assert.NotEqual(alone5, alone6);
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (fields after the name start at 3).</summary>
    private static int ThreadNiceness()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
