using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace LatentDash.Jobs.Runs;

/// <summary>Training records' Hangfire jobs: one per attempt, carrying only the training's id, with the request in a
/// job parameter so that workers never open the LiteDB file.</summary>
public sealed class TrainingJobs(IBackgroundJobClientV2 client)
{
    public JobStorage Storage => client.Storage;

    /// <summary>Resets the record to a fresh queued attempt (the caller counts the attempt) and enqueues its job.</summary>
    public void Requeue(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Status = TrainingStatus.Queued;
        record.Report = null;
        record.Error = null;
        record.StartedAt = null;
        record.FinishedAt = null;
        record.CancelRequestedAt = null;
        record.HeartbeatAt = null;
        Enqueue(record);
    }

    /// <summary>Creates the job of the record's current attempt and notes its id on the record.</summary>
    public void Enqueue(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = record.Id;
        var job = Job.FromExpression<TrainModelJob>(j => j.Run(id, null!, CancellationToken.None));
        record.JobId = client.Create(job, new EnqueuedState(), new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [TrainModelJob.RequestParameter] = record.RequestJson,
        });
    }

    /// <summary>Deletes a job: a queued one is never taken, a running one sees its token fire.</summary>
    public void Delete(string jobId) => client.Delete(jobId);
}
