using System.Collections.Concurrent;
using System.Text.Json;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using LatentDash.Jobs.Queue;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Runs;

/// <summary>Keeps training records in step with their Hangfire jobs. <see cref="Recover"/> runs once at start: it
/// restores records the database lost from their JSON copies, then queues again (or marks interrupted, per
/// <see cref="QueueOptions.OnRestart"/>) every unfinished training whose job the queue no longer holds.
/// <see cref="Refresh"/> follows queued and running trainings: queued → running → succeeded (model read and indexed) /
/// failed (with the reason) / cancelled (the job was deleted); a job that vanished → interrupted; a running job with
/// no sign of life for <see cref="QueueOptions.HeartbeatTimeoutSeconds"/> → its job deleted, then requeued or
/// interrupted. A model that appears after its training was cancelled is removed, never indexed.</summary>
/// <remarks>Job states are read from the queue's storage without the records' lock; each change is then applied to a
/// fresh copy of its record under the lock, so a cancel arriving meanwhile is never overwritten.</remarks>
public sealed partial class TrainingTracker(
    TrainingRepository trainings,
    TrainingJobs jobs,
    TrainingJournal journal,
    TrainingNotifications notifications,
    TrainingGate gate,
    ExperimentStore store,
    IExperimentIndex index,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<TrainingTracker> logger)
{
    /// <summary>How long a cancelled running job may take to confirm that it stopped before the record says so anyway.</summary>
    public static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(30);

    /// <summary>Progress alone rewrites a record's JSON copy at most this often; status changes always do.</summary>
    public static readonly TimeSpan JournalProgressEvery = TimeSpan.FromSeconds(5);

    /// <summary>How long after a cancel the tracker still looks for a model that a slow job may write.</summary>
    public static readonly TimeSpan LateModelWatch = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, string> lastReports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> journaledAt = new(StringComparer.Ordinal);

    /// <summary>Accounts for every training that was queued or running when the process stopped; returns how many it
    /// touched. Records present only as JSON (the database was lost) are restored first and then go the same way.</summary>
    public int Recover()
    {
        var restored = journal.RestoreInto(trainings);
        var active = trainings.Active(); // oldest first, so the queue keeps the order in which people submitted
        var held = new HashSet<string>(StringComparer.Ordinal);
        if (active.Count > 0)
        {
            using var connection = jobs.Storage.GetConnection();
            foreach (var record in active)
            {
                if (record.JobId is { } jobId && connection.GetJobData(jobId) is { } job && IsJobOf(job, record))
                {
                    held.Add(record.Id); // durable storage still has the job; Refresh follows it
                }
            }
        }

        var touched = 0;
        foreach (var seen in active.Where(r => !held.Contains(r.Id)))
        {
            lock (gate.Lock)
            {
                if (trainings.Get(seen.Id) is not { } record || !record.Status.IsActive() || record.JobId != seen.JobId)
                {
                    continue; // changed meanwhile
                }

                touched++;
                var now = time.GetUtcNow().UtcDateTime;
                if (record.CancelRequestedAt is not null)
                {
                    record.Finish(TrainingStatus.Cancelled, now);
                }
                else
                {
                    Restart(record, $"interrupted: the process stopped while this training was {TrainingCommands.Describe(record.Status)}", now);
                }

                Save(record, statusChanged: true);
                LogRecovered(record.Id, record.Status);
            }
        }

        if (touched > 0 || restored.Count > 0)
        {
            notifications.NotifyChanged();
        }

        return touched;
    }

    /// <summary>Brings the records of queued and running trainings in line with their jobs, and removes models written
    /// after their training was cancelled. Returns whether any record changed.</summary>
    public bool Refresh()
    {
        RemoveLateModels();
        var active = trainings.Active();
        Prune(active);
        if (active.Count == 0)
        {
            return false;
        }

        // One storage round trip per job, outside the lock: pages and commands are never held up by the queue.
        var observed = new List<(string Id, JobObservation Job)>(active.Count);
        using (var connection = jobs.Storage.GetConnection())
        {
            foreach (var record in active)
            {
                if (record.JobId is { } jobId)
                {
                    observed.Add((record.Id, Observe(connection, jobId)));
                }
            }
        }

        var changed = false;
        var trained = false;
        foreach (var (id, job) in observed)
        {
            lock (gate.Lock)
            {
                if (trainings.Get(id) is not { } record || !record.Status.IsActive() || record.JobId != job.JobId)
                {
                    continue; // cancelled, retried or finished meanwhile: this observation is about an older state
                }

                var before = (record.Status, record.JobId);
                if (Follow(record, job))
                {
                    Save(record, statusChanged: before != (record.Status, record.JobId));
                    changed = true;
                    trained |= record.Status == TrainingStatus.Succeeded;
                }
            }
        }

        if (changed)
        {
            notifications.NotifyChanged();
        }

        if (trained)
        {
            notifications.NotifyModelTrained();
        }

        return changed;
    }

    private static JobObservation Observe(IStorageConnection connection, string jobId)
    {
        var state = connection.GetStateData(jobId);
        return new JobObservation(
            jobId,
            state?.Name,
            state?.Data is { } data && data.TryGetValue("ExceptionMessage", out var message) ? message : null,
            connection.GetJobParameter(jobId, TrainModelJob.ReportParameter));
    }

    private bool Follow(TrainingRecord record, JobObservation job)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = ReadReport(record, job.Report, now);
        var state = job.State;
        if (state is null)
        {
            record.Error = "the queue no longer holds this training's job";
            record.Finish(TrainingStatus.Interrupted, now);
            return true;
        }

        if (state == ProcessingState.StateName && record.Status == TrainingStatus.Queued)
        {
            record.Status = TrainingStatus.Running;
            record.StartedAt = now;
            record.HeartbeatAt ??= now;
            return true;
        }

        if (state == ProcessingState.StateName && now - (record.HeartbeatAt ?? record.StartedAt ?? now) > HeartbeatTimeout)
        {
            Lost(record, now);
            return true;
        }

        if (state == SucceededState.StateName)
        {
            if (record.CancelRequestedAt is not null)
            {
                // The model was stored before the job saw the cancel: the cancel still wins, no model stays.
                record.Finish(TrainingStatus.Cancelled, now);
                RemoveModel(record);
            }
            else
            {
                CompleteSucceeded(record, now);
            }

            return true;
        }

        if (state == FailedState.StateName)
        {
            record.Error = job.Failure ?? "the job failed";
            record.Finish(TrainingStatus.Failed, now);
            return true;
        }

        if (state == DeletedState.StateName)
        {
            var stopped = record.Status == TrainingStatus.Queued || record.Report?.StoppedAtStep is not null ||
                          now - (record.CancelRequestedAt ?? DateTime.MinValue) > CancelGrace;
            if (stopped || record.CancelRequestedAt is null)
            {
                record.Finish(TrainingStatus.Cancelled, now);
                RemoveModel(record);
                return true;
            }
        }

        return changed; // queued, running with signs of life, or a cancelled job still finishing its batch
    }

    private TimeSpan HeartbeatTimeout => TimeSpan.FromSeconds(options.Value.HeartbeatTimeoutSeconds);

    // A changed report is the job's heartbeat, timed by this process's clock (workers' clocks may differ).
    private bool ReadReport(TrainingRecord record, string? raw, DateTime now)
    {
        if (raw is null || (lastReports.TryGetValue(record.Id, out var last) && last == raw))
        {
            return false;
        }

        lastReports[record.Id] = raw;
        var json = SerializationHelper.Deserialize<string>(raw);
        record.Report = json is null ? null : JsonSerializer.Deserialize<TrainingReport>(json, RunJson.Options);
        record.HeartbeatAt = now;
        return true;
    }

    // The worker died (kill -9, a lost machine): Hangfire would hand its job out again only after the invisibility
    // timeout. Delete the job (a worker that was merely slow sees its token fire) and restart per policy.
    private void Lost(TrainingRecord record, DateTime now)
    {
        var silent = now - (record.HeartbeatAt ?? record.StartedAt ?? now);
        var worker = record.Report?.Worker ?? "its worker";
        LogLost(record.Id, worker, silent.TotalSeconds, options.Value.OnRestart);
        if (record.JobId is { } jobId)
        {
            jobs.Delete(jobId);
        }

        Restart(record, $"interrupted: no sign of life from {worker} for {silent.TotalSeconds:0} s", now);
    }

    private void Restart(TrainingRecord record, string reason, DateTime now)
    {
        lastReports.TryRemove(record.Id, out _);
        if (options.Value.OnRestart == RestartPolicy.Requeue)
        {
            record.Attempt++;
            jobs.Requeue(record);
        }
        else
        {
            record.Error = reason;
            record.Finish(TrainingStatus.Interrupted, now);
        }
    }

    private void CompleteSucceeded(TrainingRecord record, DateTime now)
    {
        try
        {
            var summary = store.Read(record.Run, record.Model).Summary.Validation;
            record.ValidationLoss = summary.Loss;
            record.ValidationAccuracy = summary.Accuracy;
            index.Add(record.Run, record.Model); // a worker elsewhere wrote it: the explorer should list it now
            record.Finish(TrainingStatus.Succeeded, now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or ArgumentException)
        {
            record.Error = $"the job succeeded but its model could not be read: {ex.Message}";
            record.Finish(TrainingStatus.Failed, now);
        }
    }

    private void RemoveLateModels()
    {
        var since = time.GetUtcNow().UtcDateTime - LateModelWatch;
        foreach (var record in trainings.CancelledSince(since))
        {
            RemoveModel(record);
        }
    }

    // A cancelled training leaves no model: a folder that a job renamed into place after (or while) the record said
    // cancelled is deleted, and the index forgets it.
    private void RemoveModel(TrainingRecord record)
    {
        if (!ExperimentNames.IsValid(record.Run) || !ExperimentNames.IsValid(record.Model) || !store.Exists(record.Run, record.Model)
            || trainings.OwnsModelElsewhere(record))
        {
            return; // nothing there, or the folder is another training's (a name freed by the cancel was taken again)
        }

        try
        {
            Directory.Delete(store.ModelDirectory(record.Run, record.Model), recursive: true);
            index.Synchronize();
            LogLateModelRemoved(record.Id, record.Run, record.Model);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLateModelNotRemoved(record.Id, record.Run, record.Model, ex);
        }
    }

    private void Save(TrainingRecord record, bool statusChanged)
    {
        trainings.Update(record);
        var now = time.GetUtcNow().UtcDateTime;
        if (statusChanged || !journaledAt.TryGetValue(record.Id, out var last) || now - last >= JournalProgressEvery)
        {
            journal.Write(record);
            journaledAt[record.Id] = now;
        }

        if (!record.Status.IsActive())
        {
            lastReports.TryRemove(record.Id, out _);
            journaledAt.TryRemove(record.Id, out _);
        }
    }

    private void Prune(IReadOnlyList<TrainingRecord> active)
    {
        if (lastReports.Count <= active.Count)
        {
            return;
        }

        var ids = active.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in lastReports.Keys.Where(id => !ids.Contains(id)))
        {
            lastReports.TryRemove(id, out _);
            journaledAt.TryRemove(id, out _);
        }
    }

    private static bool IsJobOf(JobData job, TrainingRecord record) =>
        job.Job?.Args is [string id, ..] && id == record.Id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {TrainingId} after restart: {Status}")]
    private partial void LogRecovered(string trainingId, TrainingStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training {TrainingId}: no sign of life from {Worker} for {Seconds:0} s; its job is deleted and the training handled as {Policy}")]
    private partial void LogLost(string trainingId, string worker, double seconds, RestartPolicy policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training {TrainingId} was cancelled but its model {Run}/{Model} was written: removed")]
    private partial void LogLateModelRemoved(string trainingId, string run, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training {TrainingId} was cancelled but its model {Run}/{Model} could not be removed")]
    private partial void LogLateModelNotRemoved(string trainingId, string run, string model, Exception exception);

    /// <summary>What the queue's storage said about one job at one look.</summary>
    private readonly record struct JobObservation(string JobId, string? State, string? Failure, string? Report);
}
