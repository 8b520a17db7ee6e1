using Hangfire.States;
using LatentDash.Jobs.Queue;
using LatentDash.Jobs.Runs;
using LatentDash.Models.Experiments;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Runs.Fakes;

/// <summary>A <see cref="TrainingTracker"/> (and the commands beside it) on a fake queue, a manual clock, an in-memory
/// LiteDB, a temporary experiments folder and a recording index.</summary>
internal sealed class TrackerBench : IDisposable
{
    public TrackerBench(RestartPolicy policy = RestartPolicy.Requeue, int heartbeatTimeoutSeconds = 90)
    {
        Options = new QueueOptions { OnRestart = policy, HeartbeatTimeoutSeconds = heartbeatTimeoutSeconds };
        Store = new ExperimentStore(Path.Combine(Root, "experiments"));
        Index = new RecordingIndex(Store);
        Journal = new TrainingJournal(Store, NullLogger<TrainingJournal>.Instance);
        Database = new LiteDatabase(new MemoryStream());
        Trainings = new TrainingRepository(Database);
        Jobs = new TrainingJobs(Queue);
        Tracker = NewTracker();
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "latentdash-tracker-" + Guid.NewGuid().ToString("N"));

    public QueueOptions Options { get; }

    public FakeQueue Queue { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    public ExperimentStore Store { get; }

    public RecordingIndex Index { get; }

    public TrainingJournal Journal { get; }

    public LiteDatabase Database { get; private set; }

    public TrainingRepository Trainings { get; private set; }

    public TrainingJobs Jobs { get; }

    public TrainingNotifications Notifications { get; } = new(NullLogger<TrainingNotifications>.Instance);

    public TrainingGate Gate { get; } = new();

    public TrainingTracker Tracker { get; private set; }

    /// <summary>A queued training with its job enqueued, as a submission leaves it.</summary>
    public TrainingRecord Queued(string id = "20261130-120000-abcd-01", string model = "bcvae-test-b4-d2")
    {
        var record = new TrainingRecord
        {
            Id = id,
            Submission = id[..^3],
            Run = "tracked",
            Model = model,
            Dataset = "fashion",
            Architecture = "branched",
            Epochs = 2,
            RequestJson = "{}",
            Status = TrainingStatus.Queued,
            SubmittedAt = Time.GetUtcNow().UtcDateTime,
            Client = "test",
        };
        Trainings.Insert([record]);
        Jobs.Enqueue(record);
        Trainings.Update(record);
        Journal.Write(record);
        return record;
    }

    /// <summary>A training the tracker has seen start (its job processing).</summary>
    public TrainingRecord Running(string id = "20261130-120000-abcd-01", string model = "bcvae-test-b4-d2")
    {
        var record = Queued(id, model);
        Queue.Set(record.JobId!, ProcessingState.StateName);
        Tracker.Refresh();
        var running = Get(record.Id);
        Assert.Equal(TrainingStatus.Running, running.Status);
        return running;
    }

    public TrainingRecord Get(string id) => Trainings.Get(id) ?? throw new InvalidOperationException($"no record {id}");

    /// <summary>A stand-in for a model folder as a job renames it into place.</summary>
    public string WriteModelFolder(TrainingRecord record)
    {
        var directory = Store.ModelDirectory(record.Run, record.Model);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ExperimentFolder.ParamsFile), "{}");
        return directory;
    }

    /// <summary>As after a restart whose LiteDB file was lost: a fresh, empty database and a new tracker.</summary>
    public void LoseDatabase()
    {
        Database.Dispose();
        Database = new LiteDatabase(new MemoryStream());
        Trainings = new TrainingRepository(Database);
        Tracker = NewTracker();
    }

    public TrainingCommands Commands(RunSubmissionValidator validator) => new(
        Trainings, validator, Jobs, new TrainingCancellations(), Journal, Notifications, Gate, Store,
        Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<TrainingCommands>.Instance);

    public void Dispose()
    {
        Database.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private TrainingTracker NewTracker() => new(
        Trainings, Jobs, Journal, Notifications, Gate, Store, Index, Microsoft.Extensions.Options.Options.Create(Options), Time,
        NullLogger<TrainingTracker>.Instance);
}
