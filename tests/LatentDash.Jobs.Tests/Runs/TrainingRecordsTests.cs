using Hangfire;
using LatentDash.Jobs.Runs;
using LatentDash.Jobs.Tests.Runs.Fakes;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>Training records over real hosts: rebuilt from their JSON copies when the LiteDB file is lost, capped per
/// client, listed a page at a time without curves; and a cancel after the last batch leaves no model.</summary>
[Collection(nameof(QueueUsers))]
public sealed class TrainingRecordsTests : IDisposable
{
    private readonly QueueFolder folder = new();

    private static RunSubmission Small(string run = "records", int betas = 1) => new()
    {
        Run = run,
        Dataset = "fashion",
        Architectures = ["branched"],
        Betas = [.. Enumerable.Range(1, betas).Select(b => (double)b)],
        LatentDims = [2],
        Epochs = 1,
        BatchSize = 64,
        EarlyStopping = false,
    };

    [Fact]
    public async Task Deleting_the_database_between_two_hosts_loses_no_training_and_a_queued_one_is_queued_again()
    {
        var settings = new Dictionary<string, string?> { ["Queue:Workers"] = "0" };
        string queued, cancelled;
        using (var before = folder.Start(settings))
        {
            var commands = before.Services.GetRequiredService<TrainingCommands>();
            queued = commands.Submit(Small("kept"), "test").Trainings.Single().Id;
            cancelled = commands.Submit(Small("dropped"), "test").Trainings.Single().Id;
            Assert.True(commands.Cancel(cancelled).Succeeded);
            await before.StopAsync();
        }

        File.Delete(Path.Combine(folder.Root, "latentdash.db"));
        using var after = folder.Start(settings);

        var trainings = after.Services.GetRequiredService<TrainingRepository>();
        Assert.Equal(2, trainings.Count());
        var again = trainings.Get(queued)!;
        Assert.Equal(TrainingStatus.Queued, again.Status);
        Assert.Equal(2, again.Attempt);
        Assert.Equal("kept", again.Run);
        Assert.Equal(1, after.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"));
        using var connection = after.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal(queued, connection.GetJobData(again.JobId!).Job.Args[0]);
        Assert.Equal(TrainingStatus.Cancelled, trainings.Get(cancelled)!.Status);
    }

    [Fact]
    public void A_client_past_its_cap_of_queued_trainings_is_refused_whole_and_others_are_not()
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0", ["Queue:MaxQueuedPerClient"] = "3" });
        var commands = host.Services.GetRequiredService<TrainingCommands>();
        var trainings = host.Services.GetRequiredService<TrainingRepository>();
        var first = commands.Submit(Small(betas: 2), "10.0.0.1");
        Assert.True(first.Accepted);

        var refused = commands.Submit(Small(betas: 2), "10.0.0.1");

        Assert.False(refused.Accepted);
        Assert.True(refused.OverCap);
        var message = Assert.Single(refused.Check.Errors[TrainingCommands.CapField]);
        Assert.Contains("2 of your trainings are queued or running; 2 more would pass the limit of 3", message, StringComparison.Ordinal);
        Assert.Equal(2, trainings.Count()); // nothing written
        Assert.Equal(2, host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"));

        Assert.True(commands.Submit(Small(betas: 2), "10.0.0.2").Accepted); // another client has its own cap
        Assert.True(commands.Submit(Small(), "10.0.0.1").Accepted); // exactly at the cap
        Assert.True(commands.Cancel(first.Trainings[0].Id).Succeeded); // a finished one no longer counts
        Assert.True(commands.Submit(Small(), "10.0.0.1").Accepted);
        Assert.Equal(3, trainings.CountActive("10.0.0.1"));
    }

    [Fact]
    public void Training_summaries_are_paged_newest_first_and_carry_progress_but_no_curves()
    {
        using var bench = new TrackerBench();
        var ids = Enumerable.Range(1, 7).Select(i => $"20261130-12000{i}-abcd-01").ToList();
        foreach (var id in ids)
        {
            var record = bench.Queued(id, "m" + id[^7..^3]);
            record.Report = new TrainingReport
            {
                Epoch = 2,
                Step = 5,
                Worker = "box:1",
                Curve = [.. Enumerable.Range(0, 300).Select(p => new CurvePoint { Position = p, Loss = 1 })],
                History = [new EpochPoint { Epoch = 1, ValidationLoss = 3 }],
            };
            bench.Trainings.Update(record);
        }

        var first = bench.Trainings.Page(0, 3);
        var last = bench.Trainings.Page(6, 3);

        Assert.Equal(7, first.Total);
        Assert.Equal(ids.AsEnumerable().Reverse().Take(3), first.Items.Select(r => r.Id));
        Assert.Equal(ids[0], Assert.Single(last.Items).Id);
        Assert.All(first.Items, r =>
        {
            Assert.Equal(2, r.Report!.Epoch);
            Assert.Equal("box:1", r.Report.Worker);
            Assert.Empty(r.Report.Curve);
            Assert.Empty(r.Report.History);
            Assert.Equal("", r.RequestJson);
            Assert.Equal(TrainingStatus.Queued, r.Status);
        });
        Assert.Equal(300, bench.Trainings.Get(ids[0])!.Report!.Curve.Count); // one training alone keeps its curve
        Assert.Equal(0, bench.Trainings.Page(0, 10, TrainingStatus.Running).Total);
        Assert.Equal(1, bench.Trainings.Page(0, 10, submission: ids[2][..^3]).Total);
        Assert.Throws<ArgumentOutOfRangeException>(() => bench.Trainings.Page(0, TrainingRepository.MaxPageSize + 1));
    }

    [Fact]
    public void A_summary_of_a_training_without_a_report_has_none()
    {
        using var bench = new TrackerBench();
        bench.Queued();

        var only = Assert.Single(bench.Trainings.Page(0, 10).Items);

        Assert.Null(only.Report);
        Assert.Equal("test", only.Client);
    }

    [Fact]
    public void A_cancel_that_arrives_after_the_last_batch_leaves_no_model_folder_and_nothing_indexed()
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var runner = host.Services.GetRequiredService<ExperimentRunner>();
        var request = host.Services.GetRequiredService<RunSubmissionValidator>().Check(Small("late")).Sweep!.Expand().Single();
        using var cancel = new CancellationTokenSource();
        var progress = new Inline(p =>
        {
            if (p.Completed is { } epoch && epoch.Epoch == p.Epochs)
            {
                cancel.Cancel(); // the last epoch is done: only storing the model is left
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(request, progress, cancel.Token));

        Assert.True(cancel.IsCancellationRequested);
        var runFolder = Path.Combine(folder.Experiments, "late");
        Assert.Empty(Directory.Exists(runFolder) ? Directory.GetDirectories(runFolder) : []);
        Assert.Empty(host.Services.GetRequiredService<IExperimentIndex>().Query(new ExperimentQuery()));
    }

    [Fact]
    public void A_trained_model_comes_with_its_validation_latents_so_its_first_open_encodes_nothing()
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var runner = host.Services.GetRequiredService<ExperimentRunner>();
        var request = host.Services.GetRequiredService<RunSubmissionValidator>().Check(Small("latents")).Sweep!.Expand().Single();

        var stored = runner.Run(request);

        // The key the explorer looks the space up by: a hash of the validation images it reads for this dataset.
        var validation = new ValidationSets(host.Services.GetRequiredService<DatasetCatalog>()).Get("fashion");
        var directory = Path.Combine(folder.Experiments, stored.Params.Run, stored.Params.Model);
        Assert.True(AnalysisCache.TryReadBytes(directory, "latents-" + validation.Key, out var bytes));
        using var network = ExperimentFolder.LoadModel(directory);
        var kept = LatentSpaceFile.Read(bytes, network.Config.LatentDim, validation.Images.Labels, validation.Manifest.ClassNames);
        Assert.NotNull(kept);
        using var tensors = ImageTensors.From(validation.Images);
        var fresh = LatentEncoder.Encode(network, tensors, validation.Manifest.ClassNames);
        Assert.Equal(fresh.Count, kept.Count);
        Assert.Equal(fresh.Mu, kept.Mu);
        Assert.Equal(fresh.LogVar, kept.LogVar);
    }

    [Fact]
    public void The_runner_releases_its_datasets_only_when_no_run_is_in_progress()
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var runner = host.Services.GetRequiredService<ExperimentRunner>();
        var validator = host.Services.GetRequiredService<RunSubmissionValidator>();
        Assert.False(runner.ReleaseIdleData()); // nothing loaded yet

        var releasedDuringRun = new List<bool>();
        runner.Run(validator.Check(Small("first")).Sweep!.Expand().Single(), new Inline(_ => releasedDuringRun.Add(runner.ReleaseIdleData())));

        Assert.NotEmpty(releasedDuringRun);
        Assert.All(releasedDuringRun, Assert.False); // the run's tensors were never taken from under it
        Assert.True(runner.ReleaseIdleData());
        Assert.False(runner.ReleaseIdleData());
        // The next run loads the dataset again and trains as before.
        var second = runner.Run(validator.Check(Small("second")).Sweep!.Expand().Single());
        Assert.Equal("second", second.Params.Run);
        Assert.True(runner.ReleaseIdleData());
    }

    [Fact]
    public async Task A_subscription_hears_notifications_until_it_is_disposed()
    {
        var notifications = new TrainingNotifications(NullLogger<TrainingNotifications>.Instance);
        var heard = 0;
        var trained = 0;
        var changes = notifications.SubscribeToChanges(() => Task.FromResult(++heard));
        using var models = notifications.SubscribeToTrainedModels(() => Task.FromResult(++trained));
        using var failing = notifications.SubscribeToChanges(() => throw new InvalidOperationException("a closed page"));

        notifications.NotifyChanged();
        changes.Dispose();
        changes.Dispose(); // twice is harmless
        notifications.NotifyChanged();
        notifications.NotifyModelTrained();

        Assert.Equal(1, heard); // the failing listener did not stop the others
        Assert.Equal(1, trained);
        Assert.Equal(2, notifications.Subscribers);
        await Task.CompletedTask;
    }

    public void Dispose() => folder.Dispose();

    /// <summary>Progress handled on the training thread (Progress&lt;T&gt; would post it elsewhere, too late).</summary>
    private sealed class Inline(Action<TrainingProgress> handle) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => handle(value);
    }
}
