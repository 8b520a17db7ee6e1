using LatentDash.Jobs.Queue;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>How a submission's trainings share the training threads of the process that trains them.</summary>
public sealed class ThreadsEachTests
{
    [Theory]
    [InlineData(1, 2, 1, new[] { 2 })] // one worker: every training on all the threads, as before
    [InlineData(1, 2, 3, new[] { 2, 2, 2 })]
    [InlineData(2, 2, 1, new[] { 2 })] // a lone training on two workers still gets both threads
    [InlineData(2, 2, 2, new[] { 1, 1 })] // a sweep: two at once, a thread each
    [InlineData(2, 2, 3, new[] { 1, 1, 2 })] // the last of an odd number trains alone: both threads
    [InlineData(2, 2, 4, new[] { 1, 1, 1, 1 })]
    [InlineData(2, 1, 3, new[] { 1, 1, 1 })] // never below one
    [InlineData(3, 6, 4, new[] { 2, 2, 2, 6 })]
    [InlineData(3, 6, 5, new[] { 2, 2, 2, 3, 3 })]
    [InlineData(4, 2, 4, new[] { 1, 1, 1, 1 })]
    public void A_submission_shares_the_training_threads_among_the_trainings_run_at_once(int workers, int threads, int models, int[] expected)
    {
        var options = new QueueOptions { Workers = workers, TrainingThreads = threads };

        Assert.Equal(expected, Enumerable.Range(0, models).Select(i => options.ThreadsEach(models, i)!.Value));
    }

    [Fact]
    public void A_process_that_only_enqueues_leaves_the_count_to_its_workers()
    {
        Assert.Null(new QueueOptions { Workers = 0 }.ThreadsEach(4, 0));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(2, -1)]
    public void A_training_is_one_of_the_submission_s_models(int models, int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueOptions().ThreadsEach(models, index));
    }
}
