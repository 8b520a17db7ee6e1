using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using LatentDash.Jobs.Queue;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Runs;

/// <summary>Runs as people see them: submit a checked sweep (one record and one Hangfire job per model), cancel,
/// retry, list; and keep the records in step with the queue (<see cref="Refresh"/>, <see cref="Recover"/>). Lives in
/// the process that owns the LiteDB file. <see cref="Changed"/> fires after any record changed.</summary>
public sealed partial class RunCoordinator(
    RunRepository runs,
    RunSubmissionValidator validator,
    IBackgroundJobClientV2 jobs,
    RunCancellations cancellations,
    ExperimentStore store,
    IExperimentIndex index,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<RunCoordinator> logger)
{
    /// <summary>How long a cancelled running job may take to confirm that it stopped before the record says so anyway.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, string> lastReports = new(StringComparer.Ordinal);

    public event Action? Changed;

    /// <summary>Fires after a run's model was stored and indexed (less often than <see cref="Changed"/>, which
    /// follows every progress report).</summary>
    public event Action? ModelTrained;

    public IReadOnlyList<RunRecord> List() => runs.All();

    /// <summary>The runs that are queued or running, oldest first.</summary>
    public IReadOnlyList<RunRecord> Active() => runs.Active();

    public RunRecord? Get(string id) => runs.Get(id);

    public IReadOnlyList<RunRecord> OfSubmission(string submission) => runs.OfSubmission(submission);

    /// <summary>Checks the submission; when valid, records and enqueues one run per model. Nothing is written or
    /// enqueued when it is not.</summary>
    public SubmitOutcome Submit(RunSubmission submission)
    {
        var check = validator.Check(submission);
        if (check.Sweep is not { } sweep)
        {
            return new SubmitOutcome(check, []);
        }

        var now = time.GetUtcNow();
        var submissionId = NewId(now);
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<RunRecord>();
        foreach (var (request, i) in sweep.Expand().Select((r, i) => (r, i)))
        {
            var model = ModelNameGenerator.Create(request.Vae, now, name => reserved.Contains(name) || store.Exists(request.Run, name));
            reserved.Add(model);
            var named = request with { ModelName = model };
            records.Add(new RunRecord
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
                RequestJson = JsonSerializer.Serialize(named, RunJson.Options),
                Status = RunStatus.Queued,
                SubmittedAt = now.UtcDateTime,
            });
        }

        lock (gate)
        {
            runs.Insert(records);
            try
            {
                foreach (var record in records)
                {
                    Enqueue(record);
                }
            }
            catch (Exception ex)
            {
                // The queue's storage failed: say so on every record that has no job, rather than leave it queued forever.
                foreach (var record in records.Where(r => r.JobId is null))
                {
                    record.Error = $"could not be queued: {ex.Message}";
                    Finish(record, RunStatus.Failed);
                    runs.Update(record);
                }

                OnChanged();
                throw;
            }
        }

        LogSubmitted(submissionId, records.Count, sweep.Run);
        OnChanged();
        return new SubmitOutcome(check, records);
    }

    /// <summary>Cancels a queued or running run. A queued one is cancelled at once; a running one stops before its
    /// next batch and leaves no model behind.</summary>
    public RunActionOutcome Cancel(string id)
    {
        lock (gate)
        {
            if (runs.Get(id) is not { } record)
            {
                return RunActionOutcome.NotFound;
            }

            if (!record.Status.IsActive())
            {
                return RunActionOutcome.NotAllowed(record, $"run {id} is {Describe(record.Status)}; only queued or running runs can be cancelled");
            }

            record.CancelRequestedAt ??= time.GetUtcNow().UtcDateTime;
            if (record.JobId is { } jobId)
            {
                jobs.Delete(jobId);
            }

            cancellations.Cancel(id);
            if (record.Status == RunStatus.Queued)
            {
                Finish(record, RunStatus.Cancelled);
            }

            runs.Update(record);
            LogCancelRequested(id, record.Status);
            OnChanged();
            return RunActionOutcome.Done(record);
        }
    }

    /// <summary>Queues a failed, cancelled or interrupted run again, as a new attempt.</summary>
    public RunActionOutcome Retry(string id)
    {
        lock (gate)
        {
            if (runs.Get(id) is not { } record)
            {
                return RunActionOutcome.NotFound;
            }

            if (!record.Status.CanRetry())
            {
                return RunActionOutcome.NotAllowed(record, $"run {id} is {Describe(record.Status)}; only failed, cancelled or interrupted runs can be retried");
            }

            record.Attempt++;
            Requeue(record);
            runs.Update(record);
            OnChanged();
            return RunActionOutcome.Done(record);
        }
    }

    /// <summary>After a start: accounts for every run that was queued or running when the process stopped and whose
    /// job the queue no longer holds (always so with in-memory storage). Per <see cref="QueueOptions.OnRestart"/> it is
    /// queued again or marked interrupted. Returns how many runs it touched.</summary>
    public int Recover()
    {
        var touched = 0;
        lock (gate)
        {
            using var connection = jobs.Storage.GetConnection();
            // Oldest first, so the queue keeps the order in which people submitted.
            foreach (var record in runs.Active())
            {
                if (record.JobId is { } jobId && connection.GetJobData(jobId) is { } job && IsJobOf(job, record))
                {
                    continue; // durable storage still has the job; Refresh follows it
                }

                touched++;
                if (record.CancelRequestedAt is not null)
                {
                    Finish(record, RunStatus.Cancelled);
                }
                else if (options.Value.OnRestart == RestartPolicy.Requeue)
                {
                    record.Attempt++;
                    Requeue(record);
                }
                else
                {
                    record.Error = $"interrupted: the process stopped while this run was {Describe(record.Status)}";
                    Finish(record, RunStatus.Interrupted);
                }

                runs.Update(record);
                LogRecovered(record.Id, record.Status);
            }
        }

        if (touched > 0)
        {
            OnChanged();
        }

        return touched;
    }

    /// <summary>Brings the records of queued and running runs in line with their jobs: state, progress, outcome.
    /// Returns whether any record changed.</summary>
    public bool Refresh()
    {
        var changed = false;
        var trained = false;
        lock (gate)
        {
            var active = runs.Active();
            if (active.Count == 0)
            {
                return false;
            }

            using var connection = jobs.Storage.GetConnection();
            foreach (var record in active)
            {
                if (Follow(record, connection))
                {
                    runs.Update(record);
                    changed = true;
                    trained |= record.Status == RunStatus.Succeeded;
                }
            }
        }

        if (changed)
        {
            OnChanged();
        }

        if (trained)
        {
            Raise(ModelTrained);
        }

        return changed;
    }

    private bool Follow(RunRecord record, IStorageConnection connection)
    {
        if (record.JobId is not { } jobId)
        {
            return false;
        }

        var state = connection.GetStateData(jobId);
        var changed = ReadReport(record, connection, jobId);
        var name = state?.Name;
        if (name is null)
        {
            record.Error = "the queue no longer holds this run's job";
            Finish(record, RunStatus.Interrupted);
            return true;
        }

        if (name == ProcessingState.StateName && record.Status == RunStatus.Queued)
        {
            record.Status = RunStatus.Running;
            record.StartedAt = time.GetUtcNow().UtcDateTime;
            return true;
        }

        if (name == SucceededState.StateName)
        {
            CompleteSucceeded(record);
            return true;
        }

        if (name == FailedState.StateName)
        {
            record.Error = state!.Data.TryGetValue("ExceptionMessage", out var message) ? message : "the job failed";
            Finish(record, RunStatus.Failed);
            return true;
        }

        if (name == DeletedState.StateName)
        {
            var stopped = record.Status == RunStatus.Queued || record.Report?.StoppedAtStep is not null ||
                          time.GetUtcNow().UtcDateTime - (record.CancelRequestedAt ?? DateTime.MinValue) > CancelGrace;
            if (stopped || record.CancelRequestedAt is null)
            {
                Finish(record, RunStatus.Cancelled);
                return true;
            }
        }

        return changed; // queued, running, or a cancelled job still finishing its batch
    }

    private bool ReadReport(RunRecord record, IStorageConnection connection, string jobId)
    {
        var raw = connection.GetJobParameter(jobId, TrainModelJob.ReportParameter);
        if (raw is null || (lastReports.TryGetValue(record.Id, out var last) && last == raw))
        {
            return false;
        }

        lastReports[record.Id] = raw;
        var json = SerializationHelper.Deserialize<string>(raw);
        record.Report = json is null ? null : JsonSerializer.Deserialize<RunReport>(json, RunJson.Options);
        return true;
    }

    private void CompleteSucceeded(RunRecord record)
    {
        try
        {
            var summary = store.Read(record.Run, record.Model).Summary.Validation;
            record.ValidationLoss = summary.Loss;
            record.ValidationAccuracy = summary.Accuracy;
            index.Add(record.Run, record.Model); // a worker elsewhere wrote it: the explorer should list it now
            Finish(record, RunStatus.Succeeded);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            record.Error = $"the job succeeded but its model could not be read: {ex.Message}";
            Finish(record, RunStatus.Failed);
        }
    }

    private void Requeue(RunRecord record)
    {
        record.Status = RunStatus.Queued;
        record.Report = null;
        record.Error = null;
        record.StartedAt = null;
        record.FinishedAt = null;
        record.CancelRequestedAt = null;
        lastReports.Remove(record.Id);
        Enqueue(record);
    }

    private void Enqueue(RunRecord record)
    {
        var job = Job.FromExpression<TrainModelJob>(j => j.Run(record.Id, null!, CancellationToken.None));
        record.JobId = jobs.Create(job, new EnqueuedState(), new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [TrainModelJob.RequestParameter] = record.RequestJson,
        });
        runs.Update(record);
    }

    private void Finish(RunRecord record, RunStatus status)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (record.StartedAt is null && record.Report is { } report)
        {
            // It went from queued to done between two looks: its report says how long it ran.
            record.StartedAt = now - TimeSpan.FromSeconds(report.ElapsedSeconds);
        }

        record.Status = status;
        record.FinishedAt = now;
        lastReports.Remove(record.Id);
    }

    private static bool IsJobOf(JobData job, RunRecord record) =>
        job.Job?.Args is [string id, ..] && id == record.Id;

    private static string Describe(RunStatus status) => status.ToString().ToLowerInvariant();

    private static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x1000, 0xFFFF):x4}");

    private void OnChanged() => Raise(Changed);

    private void Raise(Action? handlers)
    {
        try
        {
            handlers?.Invoke();
        }
#pragma warning disable CA1031 // a listener's failure (a closed page) must not break the queue
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogListenerFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission {Submission}: {Count} model(s) queued into run {Run}")]
    private partial void LogSubmitted(string submission, int count, string run);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: cancel requested while {Status}")]
    private partial void LogCancelRequested(string runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} after restart: {Status}")]
    private partial void LogRecovered(string runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A listener of run changes failed")]
    private partial void LogListenerFailed(Exception exception);
}

/// <summary>A submission's outcome: the check (messages by field when invalid) and the runs it queued.</summary>
public sealed record SubmitOutcome(RunSubmissionCheck Check, IReadOnlyList<RunRecord> Runs)
{
    public bool Accepted => Runs.Count > 0;
}

/// <summary>The outcome of cancel or retry: done, not found, or not allowed in the run's state (with why).</summary>
public sealed record RunActionOutcome(RunRecord? Run, string? Problem)
{
    public static RunActionOutcome NotFound { get; } = new(null, "no such run");

    public bool Succeeded => Run is not null && Problem is null;

    public static RunActionOutcome Done(RunRecord run) => new(run, null);

    public static RunActionOutcome NotAllowed(RunRecord run, string problem) => new(run, problem);
}
