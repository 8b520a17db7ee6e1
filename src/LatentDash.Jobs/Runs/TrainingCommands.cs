using System.Globalization;
using System.Text.Json;
using LatentDash.Jobs.Queue;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Runs;

/// <summary>What people do to trainings: submit a checked sweep (one record and one Hangfire job per model), cancel,
/// retry. Lives in the process that owns the LiteDB file; <see cref="TrainingTracker"/> follows the jobs afterwards.</summary>
public sealed partial class TrainingCommands(
    TrainingRepository trainings,
    RunSubmissionValidator validator,
    TrainingJobs jobs,
    TrainingCancellations cancellations,
    TrainingJournal journal,
    TrainingNotifications notifications,
    TrainingGate gate,
    ExperimentStore store,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<TrainingCommands> logger)
{
    /// <summary>The field under which a refusal over the per-client cap is reported (the form shows it above the button).</summary>
    public const string CapField = "sweep";

    /// <summary>Checks the submission; when valid and within <paramref name="client"/>'s cap on queued trainings
    /// (<see cref="QueueOptions.MaxQueuedPerClient"/>), records and enqueues one training per model. Nothing is written
    /// or enqueued otherwise.</summary>
    public SubmitOutcome Submit(RunSubmission submission, string client)
    {
        ArgumentException.ThrowIfNullOrEmpty(client);
        var check = validator.Check(submission);
        if (check.Sweep is not { } sweep)
        {
            return new SubmitOutcome(check, []);
        }

        var now = time.GetUtcNow();
        var submissionId = NewId(now);
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<TrainingRecord>();
        var requests = sweep.Expand().ToArray();
        foreach (var (request, i) in requests.Select((r, i) => (r, i)))
        {
            var model = ModelNameGenerator.Create(request.Vae, now, name => reserved.Contains(name) || store.Exists(request.Run, name));
            reserved.Add(model);
            var named = request with { ModelName = model, Threads = options.Value.ThreadsEach(requests.Length, i) };
            records.Add(new TrainingRecord
            {
                Id = $"{submissionId}-{i + 1:D2}",
                Submission = submissionId,
                Run = named.Run,
                Model = model,
                Dataset = named.Vae.Dataset,
                Architecture = named.Vae.Architecture,
                Beta = named.Vae.Beta,
                LatentDim = named.Vae.LatentDim,
                Epochs = named.Training.Epochs,
                BatchSize = named.Training.BatchSize,
                LearningRate = named.Training.LearningRate,
                Seed = named.Training.Seed,
                EarlyStopping = named.Training.EarlyStopping,
                Threads = named.Threads,
                RequestJson = JsonSerializer.Serialize(named, RunJson.Options),
                Status = TrainingStatus.Queued,
                SubmittedAt = now.UtcDateTime,
                Client = client,
            });
        }

        lock (gate.Lock)
        {
            // Counted and inserted under one lock: two submissions of one client cannot both slip under the cap.
            var cap = options.Value.MaxQueuedPerClient;
            var active = trainings.CountActive(client);
            if (active + records.Count > cap)
            {
                LogOverCap(client, active, records.Count, cap);
                var refusal = new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    [CapField] = [$"{active} of your trainings are queued or running; {records.Count} more would pass the limit of {cap} per client. Wait for some to finish, or cancel some."],
                };
                return new SubmitOutcome(new RunSubmissionCheck(null, refusal, check.ModelCount), [], OverCap: true);
            }

            trainings.Insert(records);
            try
            {
                foreach (var record in records)
                {
                    jobs.Enqueue(record);
                    trainings.Update(record);
                    journal.Write(record);
                }
            }
            catch (Exception ex)
            {
                // The queue's storage failed: say so on every record that has no job, rather than leave it queued forever.
                foreach (var record in records.Where(r => r.JobId is null))
                {
                    record.Error = $"could not be queued: {ex.Message}";
                    record.Finish(TrainingStatus.Failed, time.GetUtcNow().UtcDateTime);
                    trainings.Update(record);
                    journal.Write(record);
                }

                notifications.NotifyChanged();
                throw;
            }
        }

        LogSubmitted(submissionId, records.Count, sweep.Run, client);
        notifications.NotifyChanged();
        return new SubmitOutcome(check, records);
    }

    /// <summary>Cancels a queued or running training. A queued one is cancelled at once; a running one stops before its
    /// next batch and leaves no model.</summary>
    public TrainingActionOutcome Cancel(string id)
    {
        TrainingRecord record;
        lock (gate.Lock)
        {
            if (trainings.Get(id) is not { } found)
            {
                return TrainingActionOutcome.NotFound;
            }

            record = found;
            if (!record.Status.IsActive())
            {
                return TrainingActionOutcome.NotAllowed(record, $"training {id} is {Describe(record.Status)}; only queued or running trainings can be cancelled");
            }

            record.CancelRequestedAt ??= time.GetUtcNow().UtcDateTime;
            if (record.JobId is { } jobId)
            {
                jobs.Delete(jobId);
            }

            cancellations.Cancel(id);
            if (record.Status == TrainingStatus.Queued)
            {
                record.Finish(TrainingStatus.Cancelled, time.GetUtcNow().UtcDateTime);
            }

            trainings.Update(record);
            journal.Write(record);
        }

        LogCancelRequested(id, record.Status);
        notifications.NotifyChanged();
        return TrainingActionOutcome.Done(record);
    }

    /// <summary>Queues a failed, cancelled or interrupted training again, as a new attempt.</summary>
    public TrainingActionOutcome Retry(string id)
    {
        TrainingRecord record;
        lock (gate.Lock)
        {
            if (trainings.Get(id) is not { } found)
            {
                return TrainingActionOutcome.NotFound;
            }

            record = found;
            if (!record.Status.CanRetry())
            {
                return TrainingActionOutcome.NotAllowed(record, $"training {id} is {Describe(record.Status)}; only failed, cancelled or interrupted trainings can be retried");
            }

            record.Attempt++;
            jobs.Requeue(record);
            trainings.Update(record);
            journal.Write(record);
        }

        notifications.NotifyChanged();
        return TrainingActionOutcome.Done(record);
    }

    internal static string Describe(TrainingStatus status) => status.ToString().ToLowerInvariant();

    private static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x1000, 0xFFFF):x4}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission {Submission}: {Count} model(s) queued into run {Run} for {Client}")]
    private partial void LogSubmitted(string submission, int count, string run, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission refused: client {Client} has {Active} training(s) queued or running, {Count} more would pass the cap of {Cap}")]
    private partial void LogOverCap(string client, int active, int count, int cap);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {TrainingId}: cancel requested while {Status}")]
    private partial void LogCancelRequested(string trainingId, TrainingStatus status);
}
