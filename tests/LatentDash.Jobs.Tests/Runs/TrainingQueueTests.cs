using Hangfire;
using LatentDash.Jobs.Runs;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>The queue end to end on in-memory Hangfire and the fixture: submit, train, cancel, retry, fail, restart.</summary>
[Collection(nameof(QueueUsers))]
public sealed class TrainingQueueTests : IDisposable
{
    private readonly QueueFolder folder = new();

    private static RunSubmission Small(string run = "queued", int epochs = 2) => new()
    {
        Run = run,
        Dataset = "fashion",
        Architectures = ["branched"],
        Betas = [4],
        LatentDims = [2],
        Epochs = epochs,
        BatchSize = 64,
        EarlyStopping = false,
    };

    [Fact]
    public async Task A_submitted_run_trains_its_model_reports_progress_and_indexes_it()
    {
        using var host = folder.Start();
        var (commands, runs) = Services(host);

        var outcome = commands.Submit(Small(), "test");

        var queued = Assert.Single(outcome.Trainings);
        Assert.Equal(TrainingStatus.Queued, queued.Status);
        Assert.StartsWith("bcvae-fashion-b4-d2-", queued.Model, StringComparison.Ordinal);
        var done = await runs.Until(queued.Id, r => !r.Status.IsActive());
        Assert.True(done.Status == TrainingStatus.Succeeded, done.Error);
        Assert.True(Directory.Exists(Path.Combine(folder.Experiments, "queued", queued.Model)));
        Assert.NotNull(host.Services.GetRequiredService<IExperimentIndex>().Find("queued", queued.Model));
        Assert.Equal([1, 2], done.Report!.History.Select(h => h.Epoch));
        Assert.All(done.Report.History, h => Assert.True(h.ValidationLoss > 0 && h.ValidationAccuracy > 0));
        Assert.Equal(1.0, done.Report.Fraction);
        Assert.NotEmpty(done.Report.Curve);
        Assert.Equal(done.Report.History[^1].ValidationLoss, done.ValidationLoss!.Value, 6);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.FinishedAt);
    }

    [Fact]
    public async Task Two_workers_train_two_models_of_a_sweep_at_once_on_a_thread_each_and_a_lone_model_on_both()
    {
        // The dashboard's configuration (two workers, two training threads), on 2 cores.
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "2", ["Queue:TrainingThreads"] = "2" });
        var (commands, runs) = Services(host);
        var store = host.Services.GetRequiredService<ExperimentStore>();

        var outcome = commands.Submit(Small("two-at-once", epochs: 4) with { Betas = [2, 4] }, "test");

        Assert.Equal(2, outcome.Trainings.Count);
        var done = new List<TrainingRecord>();
        foreach (var training in outcome.Trainings)
        {
            done.Add(await runs.Until(training.Id, r => !r.Status.IsActive()));
        }

        Assert.All(done, d => Assert.True(d.Status == TrainingStatus.Succeeded, d.Error));
        var (first, second) = (done[0], done[1]);
        Assert.True(first.StartedAt < second.FinishedAt && second.StartedAt < first.FinishedAt,
            $"one ran after the other: {first.StartedAt:O}–{first.FinishedAt:O}, {second.StartedAt:O}–{second.FinishedAt:O}");
        // Each trained on one of the two threads, as its stored parameters say (the count its training thread had).
        Assert.All(done, d => Assert.Equal((1, 1), (d.Threads, store.Read(d.Run, d.Model).Params.TorchThreads)));

        var lone = Assert.Single(commands.Submit(Small("alone", epochs: 1), "test").Trainings);
        var trained = await runs.Until(lone.Id, r => !r.Status.IsActive());
        Assert.True(trained.Status == TrainingStatus.Succeeded, trained.Error);
        Assert.Equal((2, 2), (trained.Threads, store.Read(trained.Run, trained.Model).Params.TorchThreads));
    }

    [Fact]
    public async Task A_sweep_queues_one_job_per_model_with_only_the_run_id_as_argument()
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var (commands, runs) = Services(host);

        var outcome = commands.Submit(Small() with { Architectures = ["beta-vae", "conditional"], Betas = [2, 4], LatentDims = [2, 3] }, "test");

        Assert.Equal(8, outcome.Check.ModelCount);
        Assert.Equal(8, outcome.Trainings.Count);
        Assert.Equal(8, outcome.Trainings.Select(r => r.Model).Distinct().Count());
        var storage = host.Services.GetRequiredService<JobStorage>();
        Assert.Equal(8, storage.GetMonitoringApi().EnqueuedCount("default"));
        using var connection = storage.GetConnection();
        foreach (var run in outcome.Trainings)
        {
            var job = connection.GetJobData(run.JobId!);
            Assert.Equal(run.Id, job.Job.Args[0]); // the rest are the context and token Hangfire supplies
            Assert.All(job.Job.Args.Skip(1), a => Assert.True(a is null or CancellationToken));
            var request = Hangfire.Common.SerializationHelper.Deserialize<string>(connection.GetJobParameter(run.JobId!, TrainModelJob.RequestParameter));
            Assert.Equal(run.RequestJson, request); // the parameters travel beside the job, not as arguments
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Cancelling_a_running_run_stops_it_within_one_batch_and_leaves_no_model()
    {
        using var host = folder.Start();
        var (commands, runs) = Services(host);
        var id = commands.Submit(Small(epochs: 200), "test").Trainings.Single().Id;
        await runs.Until(id, r => r.Status == TrainingStatus.Running && r.Report?.StepsDone() >= 3);

        var cancel = commands.Cancel(id);

        Assert.True(cancel.Succeeded, cancel.Problem);
        var done = await runs.Until(id, r => !r.Status.IsActive());
        Assert.Equal(TrainingStatus.Cancelled, done.Status);
        Assert.NotNull(done.Report!.CancelledAtStep);
        Assert.InRange(done.Report.StoppedAtStep!.Value - done.Report.CancelledAtStep!.Value, 0, 1);
        var runFolder = Path.Combine(folder.Experiments, "queued");
        Assert.False(Directory.Exists(Path.Combine(runFolder, done.Model)));
        Assert.Empty(Directory.Exists(runFolder) ? Directory.GetDirectories(runFolder) : []); // no temp folder either
        Assert.False(commands.Cancel(id).Succeeded); // only once
    }

    [Fact]
    public async Task A_queued_run_is_cancelled_at_once_and_can_be_retried()
    {
        using var host = folder.Start();
        var (commands, runs) = Services(host);
        var first = commands.Submit(Small("long", epochs: 200), "test").Trainings.Single().Id;
        var second = commands.Submit(Small("short", epochs: 1), "test").Trainings.Single().Id;
        await runs.Until(first, r => r.Status == TrainingStatus.Running);

        Assert.True(commands.Cancel(second).Succeeded);
        Assert.Equal(TrainingStatus.Cancelled, runs.Get(second)!.Status);
        Assert.True(commands.Cancel(first).Succeeded);
        await runs.Until(first, r => r.Status == TrainingStatus.Cancelled);

        var retry = commands.Retry(second);
        Assert.True(retry.Succeeded, retry.Problem);
        var done = await runs.Until(second, r => !r.Status.IsActive());
        Assert.Equal(TrainingStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempt);
        Assert.False(commands.Retry(second).Succeeded); // a finished model is not trained again
    }

    [Fact]
    public async Task A_failing_job_marks_its_run_failed_with_the_reason()
    {
        // A dataset whose training images are cut short: the check passes (it reads the labels), the job fails.
        var broken = Path.Combine(folder.DataRoot, "broken");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(Path.Combine(folder.DataRoot, "fashion")))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(broken, "manifest.json"),
            File.ReadAllText(Path.Combine(broken, "manifest.json")).Replace("\"fashion\"", "\"broken\"", StringComparison.Ordinal));
        var images = Directory.GetFiles(broken, "train-images*").Single();
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..100]);
        using var host = folder.Start();
        var (commands, runs) = Services(host);

        var id = commands.Submit(Small() with { Dataset = "broken" }, "test").Trainings.Single().Id;

        var done = await runs.Until(id, r => !r.Status.IsActive());
        Assert.Equal(TrainingStatus.Failed, done.Status);
        Assert.Contains("train-images", done.Error, StringComparison.Ordinal);
        Assert.True(commands.Retry(id).Succeeded); // failed runs may be retried
    }

    [Theory]
    [InlineData("Requeue")]
    [InlineData("Interrupt")]
    public async Task A_restart_accounts_for_the_queued_and_the_running_run(string policy)
    {
        var settings = new Dictionary<string, string?> { ["Queue:OnRestart"] = policy };
        string running, queued;
        using (var before = folder.Start(settings))
        {
            var (commands, runs) = Services(before);
            running = commands.Submit(Small("long", epochs: 200), "test").Trainings.Single().Id;
            queued = commands.Submit(Small("next", epochs: 200), "test").Trainings.Single().Id;
            await runs.Until(running, r => r.Status == TrainingStatus.Running && r.Report is not null);
            Assert.Equal(TrainingStatus.Queued, runs.Get(queued)!.Status);
            await before.StopAsync();
        }

        using var after = folder.Start(settings);
        var (againCommands, again) = Services(after);
        foreach (var id in new[] { running, queued })
        {
            var record = again.Get(id)!;
            if (policy == "Requeue")
            {
                Assert.True(record.Status.IsActive(), $"{id}: {record.Status}");
                Assert.Equal(2, record.Attempt);
            }
            else
            {
                Assert.Equal(TrainingStatus.Interrupted, record.Status);
                Assert.Contains("interrupted", record.Error, StringComparison.Ordinal);
            }
        }

        if (policy == "Requeue")
        {
            await again.Until(running, r => r.Status == TrainingStatus.Running); // trained again from the start
            againCommands.Cancel(running);
            againCommands.Cancel(queued);
            await again.Until(running, r => r.Status == TrainingStatus.Cancelled);
        }

        Assert.Empty(Directory.Exists(folder.Experiments)
            ? Directory.EnumerateDirectories(folder.Experiments, "*", SearchOption.AllDirectories).Where(d => Path.GetFileName(d).StartsWith("bcvae", StringComparison.Ordinal))
            : []);
    }

    private static (TrainingCommands Commands, TrainingRepository Trainings) Services(IHost host) =>
        (host.Services.GetRequiredService<TrainingCommands>(), host.Services.GetRequiredService<TrainingRepository>());

    public void Dispose() => folder.Dispose();
}
