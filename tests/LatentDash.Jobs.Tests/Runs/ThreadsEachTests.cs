using LatentDash.Jobs.Queue;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>How a submission's trainings share the training threads of the process that trains them.</summary>
public sealed class ThreadsEachTests
{
    [Theory]
    [InlineData(1, 2, 1, 2)] // one worker: every training on all the threads, as before
    [InlineData(1, 2, 5, 2)]
    [InlineData(2, 2, 1, 2)] // a lone training on two workers still gets both threads
    [InlineData(2, 2, 2, 1)] // a sweep: two at once, a thread each
    [InlineData(2, 2, 9, 1)]
    [InlineData(2, 1, 4, 1)] // never below one
    [InlineData(2, 4, 3, 2)]
    [InlineData(3, 6, 2, 3)] // two models on three workers: only two train at once
    [InlineData(4, 2, 8, 1)]
    public void A_submission_divides_the_training_threads_among_the_trainings_run_at_once(int workers, int threads, int models, int expected)
    {
        var options = new QueueOptions { Workers = workers, TrainingThreads = threads };

        Assert.Equal(expected, options.ThreadsEach(models));
    }

    [Fact]
    public void A_process_that_only_enqueues_leaves_the_count_to_its_workers()
    {
        Assert.Null(new QueueOptions { Workers = 0 }.ThreadsEach(4));
    }

    [Fact]
    public void A_submission_has_at_least_one_model()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueOptions().ThreadsEach(0));
    }
}
