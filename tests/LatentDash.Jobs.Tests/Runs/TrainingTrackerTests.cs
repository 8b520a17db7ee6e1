using System.Text.Json;
using Hangfire.States;
using LatentDash.Jobs.Queue;
using LatentDash.Jobs.Runs;
using LatentDash.Jobs.Tests.Runs.Fakes;
using LatentDash.Models.Experiments;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>The tracker as a state machine over a fake queue and a manual clock: every transition a job's state, its
/// report, its absence or its silence causes, and recovery after a restart under both policies.</summary>
public sealed class TrainingTrackerTests : IDisposable
{
    private TrackerBench bench = new();

    [Fact]
    public void A_queued_training_whose_job_a_worker_took_is_running()
    {
        var record = bench.Queued();
        Assert.False(bench.Tracker.Refresh()); // still enqueued: nothing to change

        bench.Queue.Set(record.JobId!, ProcessingState.StateName);
        Assert.True(bench.Tracker.Refresh());

        var running = bench.Get(record.Id);
        Assert.Equal(TrainingStatus.Running, running.Status);
        Assert.Equal(bench.Time.GetUtcNow().UtcDateTime, running.StartedAt);
        Assert.Equal(running.StartedAt, running.HeartbeatAt);
    }

    [Fact]
    public void A_published_report_becomes_the_records_progress_and_heartbeat()
    {
        var record = bench.Running();
        bench.Time.Advance(TimeSpan.FromSeconds(5));

        bench.Queue.Report(record.JobId!, Report(epoch: 1, step: 7, worker: "box:42"));
        Assert.True(bench.Tracker.Refresh());
        Assert.False(bench.Tracker.Refresh()); // the same report again changes nothing

        var running = bench.Get(record.Id);
        Assert.Equal(7, running.Report!.Step);
        Assert.Equal("box:42", running.Report.Worker);
        Assert.Equal(bench.Time.GetUtcNow().UtcDateTime, running.HeartbeatAt);
    }

    [Fact]
    public void A_succeeded_job_whose_model_cannot_be_read_fails_with_the_reason_and_indexes_nothing()
    {
        var record = bench.Running();
        bench.WriteModelFolder(record); // params.json "{}": not a model

        bench.Queue.Set(record.JobId!, SucceededState.StateName);
        bench.Tracker.Refresh();

        var done = bench.Get(record.Id);
        Assert.Equal(TrainingStatus.Failed, done.Status);
        Assert.Contains("could not be read", done.Error, StringComparison.Ordinal);
        Assert.Empty(bench.Index.Models);
    }

    [Fact]
    public void A_failed_job_fails_its_training_with_the_jobs_message()
    {
        var record = bench.Running();

        bench.Queue.Set(record.JobId!, FailedState.StateName, new Dictionary<string, string> { ["ExceptionMessage"] = "train-images is cut short" });
        bench.Tracker.Refresh();

        var done = bench.Get(record.Id);
        Assert.Equal(TrainingStatus.Failed, done.Status);
        Assert.Equal("train-images is cut short", done.Error);
        Assert.NotNull(done.FinishedAt);
    }

    [Fact]
    public void A_job_deleted_without_a_cancel_request_cancels_its_training()
    {
        var record = bench.Running();

        bench.Queue.Set(record.JobId!, DeletedState.StateName);
        bench.Tracker.Refresh();

        Assert.Equal(TrainingStatus.Cancelled, bench.Get(record.Id).Status);
    }

    [Fact]
    public void A_cancelled_running_job_is_cancelled_when_it_reports_stopping_or_after_the_grace()
    {
        var stops = bench.Running("20261130-120000-abcd-01", "stops");
        var silent = bench.Running("20261130-120000-abcd-02", "silent");
        foreach (var record in new[] { stops, silent })
        {
            record.CancelRequestedAt = bench.Time.GetUtcNow().UtcDateTime;
            bench.Trainings.Update(record);
            bench.Queue.Set(record.JobId!, DeletedState.StateName);
        }

        bench.Tracker.Refresh();
        Assert.Equal(TrainingStatus.Running, bench.Get(stops.Id).Status); // still finishing its batch
        Assert.Equal(TrainingStatus.Running, bench.Get(silent.Id).Status);

        bench.Queue.Report(stops.JobId!, Report(epoch: 1, step: 4, stoppedAt: 4));
        bench.Tracker.Refresh();
        Assert.Equal(TrainingStatus.Cancelled, bench.Get(stops.Id).Status);
        Assert.Equal(TrainingStatus.Running, bench.Get(silent.Id).Status);

        bench.Time.Advance(TrainingTracker.CancelGrace + TimeSpan.FromSeconds(1));
        bench.Tracker.Refresh();
        Assert.Equal(TrainingStatus.Cancelled, bench.Get(silent.Id).Status);
    }

    [Fact]
    public void A_training_whose_job_vanished_is_interrupted()
    {
        var record = bench.Running();

        bench.Queue.Jobs.Remove(record.JobId!);
        bench.Tracker.Refresh();

        var done = bench.Get(record.Id);
        Assert.Equal(TrainingStatus.Interrupted, done.Status);
        Assert.Contains("no longer holds", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silent_worker_past_the_heartbeat_timeout_has_its_job_deleted_and_the_training_queued_again()
    {
        var record = bench.Running();
        var oldJob = record.JobId!;
        bench.Time.Advance(TimeSpan.FromSeconds(80));
        bench.Queue.Report(oldJob, Report(epoch: 1, step: 3)); // a sign of life restarts the count
        bench.Tracker.Refresh();
        bench.Time.Advance(TimeSpan.FromSeconds(80));
        bench.Tracker.Refresh();
        Assert.Equal(TrainingStatus.Running, bench.Get(record.Id).Status);

        bench.Time.Advance(TimeSpan.FromSeconds(11)); // 91 s without a sign of life
        bench.Tracker.Refresh();

        var requeued = bench.Get(record.Id);
        Assert.Equal(TrainingStatus.Queued, requeued.Status);
        Assert.Equal(2, requeued.Attempt);
        Assert.Null(requeued.Report);
        Assert.NotEqual(oldJob, requeued.JobId);
        Assert.Equal(DeletedState.StateName, bench.Queue.Jobs[oldJob].State);
        Assert.Equal(EnqueuedState.StateName, bench.Queue.Jobs[requeued.JobId!].State);
    }

    [Fact]
    public void A_silent_worker_under_the_interrupt_policy_leaves_its_training_interrupted_with_the_reason()
    {
        Rebench(RestartPolicy.Interrupt, heartbeatTimeoutSeconds: 30);
        var record = bench.Running();
        bench.Queue.Report(record.JobId!, Report(epoch: 1, step: 3, worker: "box:42"));
        bench.Tracker.Refresh();

        bench.Time.Advance(TimeSpan.FromSeconds(31));
        bench.Tracker.Refresh();

        var done = bench.Get(record.Id);
        Assert.Equal(TrainingStatus.Interrupted, done.Status);
        Assert.Contains("no sign of life from box:42 for 31 s", done.Error, StringComparison.Ordinal);
        Assert.Equal(DeletedState.StateName, bench.Queue.Jobs[record.JobId!].State);
    }

    [Theory]
    [InlineData(RestartPolicy.Requeue)]
    [InlineData(RestartPolicy.Interrupt)]
    public void Recover_requeues_or_interrupts_the_unfinished_trainings_whose_jobs_are_gone_and_leaves_held_ones(RestartPolicy policy)
    {
        Rebench(policy);
        var lostQueued = bench.Queued("20261130-120000-abcd-01", "a");
        var lostRunning = bench.Running("20261130-120000-abcd-02", "b");
        var held = bench.Queued("20261130-120000-abcd-03", "c");
        var cancelling = bench.Running("20261130-120000-abcd-04", "d");
        cancelling.CancelRequestedAt = bench.Time.GetUtcNow().UtcDateTime;
        bench.Trainings.Update(cancelling);
        foreach (var gone in new[] { lostQueued, lostRunning, cancelling })
        {
            bench.Queue.Jobs.Remove(gone.JobId!); // in-memory storage forgets everything at a restart
        }

        Assert.Equal(3, bench.Tracker.Recover());

        Assert.Equal(held.JobId, bench.Get(held.Id).JobId);
        Assert.Equal(TrainingStatus.Queued, bench.Get(held.Id).Status);
        Assert.Equal(TrainingStatus.Cancelled, bench.Get(cancelling.Id).Status); // the cancel was asked for: honoured
        foreach (var lost in new[] { lostQueued, lostRunning })
        {
            var record = bench.Get(lost.Id);
            if (policy == RestartPolicy.Requeue)
            {
                Assert.Equal(TrainingStatus.Queued, record.Status);
                Assert.Equal(2, record.Attempt);
                Assert.Equal(EnqueuedState.StateName, bench.Queue.Jobs[record.JobId!].State);
            }
            else
            {
                Assert.Equal(TrainingStatus.Interrupted, record.Status);
                Assert.Contains("interrupted: the process stopped", record.Error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Records_lost_with_the_database_come_back_from_their_json_and_a_queued_one_is_queued_again()
    {
        var queued = bench.Queued("20261130-120000-abcd-01", "a");
        var failed = bench.Running("20261130-120000-abcd-02", "b");
        bench.Queue.Set(failed.JobId!, FailedState.StateName, new Dictionary<string, string> { ["ExceptionMessage"] = "diverged" });
        bench.Tracker.Refresh();
        bench.Queue.Jobs.Clear(); // the restart also lost the in-memory queue

        bench.LoseDatabase();
        Assert.Equal(0, bench.Trainings.Count());
        Assert.Equal(1, bench.Tracker.Recover());

        Assert.Equal(2, bench.Trainings.Count());
        var again = bench.Get(queued.Id);
        Assert.Equal(TrainingStatus.Queued, again.Status);
        Assert.Equal(2, again.Attempt);
        Assert.Equal(EnqueuedState.StateName, bench.Queue.Jobs[again.JobId!].State);
        var stillFailed = bench.Get(failed.Id);
        Assert.Equal(TrainingStatus.Failed, stillFailed.Status);
        Assert.Equal("diverged", stillFailed.Error);
    }

    [Fact]
    public void A_model_written_after_its_training_was_cancelled_is_removed_and_not_indexed()
    {
        var record = bench.Running();
        record.CancelRequestedAt = bench.Time.GetUtcNow().UtcDateTime;
        bench.Trainings.Update(record);
        bench.Queue.Set(record.JobId!, DeletedState.StateName);
        bench.Time.Advance(TrainingTracker.CancelGrace + TimeSpan.FromSeconds(1));
        bench.Tracker.Refresh();
        Assert.Equal(TrainingStatus.Cancelled, bench.Get(record.Id).Status);

        var folder = bench.WriteModelFolder(record); // the slow job renamed its model into place afterwards
        bench.Index.Add(record.Run, record.Model); // and, in the web process, indexed it
        bench.Time.Advance(TimeSpan.FromSeconds(1));
        bench.Tracker.Refresh();

        Assert.False(Directory.Exists(folder));
        Assert.Empty(bench.Index.Models);
    }

    [Fact]
    public void A_job_that_succeeded_after_its_cancel_was_asked_for_leaves_no_model()
    {
        var record = bench.Running();
        record.CancelRequestedAt = bench.Time.GetUtcNow().UtcDateTime;
        bench.Trainings.Update(record);
        var folder = bench.WriteModelFolder(record);

        bench.Queue.Set(record.JobId!, SucceededState.StateName);
        bench.Tracker.Refresh();

        Assert.Equal(TrainingStatus.Cancelled, bench.Get(record.Id).Status);
        Assert.False(Directory.Exists(folder));
        Assert.Empty(bench.Index.Models);
    }

    [Fact]
    public void Refresh_reads_the_queue_without_holding_the_records_lock()
    {
        var records = Enumerable.Range(1, 3).Select(i => bench.Running($"20261130-120000-abcd-0{i}", $"m{i}")).ToList();
        var reads = 0;
        var lockFree = true;
        bench.Queue.OnRead = _ =>
        {
            reads++;
            // Another thread (a cancel from a page) must get the lock while the tracker waits on the queue.
            lockFree &= Task.Run(() =>
            {
                if (!bench.Gate.Lock.TryEnter(TimeSpan.FromMilliseconds(200)))
                {
                    return false;
                }

                bench.Gate.Lock.Exit();
                return true;
            }).Result;
        };

        bench.Tracker.Refresh();

        Assert.Equal(3, reads);
        Assert.True(lockFree);
    }

    [Fact]
    public void A_cancel_arriving_while_the_tracker_reads_the_queue_is_not_overwritten()
    {
        var record = bench.Running();
        bench.Queue.Report(record.JobId!, Report(epoch: 1, step: 9));
        var cancelledAt = bench.Time.GetUtcNow().UtcDateTime;
        bench.Queue.OnRead = _ =>
        {
            var fresh = bench.Get(record.Id);
            fresh.CancelRequestedAt = cancelledAt;
            bench.Trainings.Update(fresh);
        };

        bench.Tracker.Refresh();

        var after = bench.Get(record.Id);
        Assert.Equal(cancelledAt, after.CancelRequestedAt);
        Assert.Equal(9, after.Report!.Step); // and the report read meanwhile was applied too
    }

    [Fact]
    public void Status_changes_are_written_to_the_json_copy_and_progress_at_most_every_few_seconds()
    {
        var record = bench.Running();
        var file = Path.Combine(bench.Journal.Folder, record.Id + ".json");
        Assert.Contains("\"Running\"", File.ReadAllText(file), StringComparison.Ordinal);

        bench.Queue.Report(record.JobId!, Report(epoch: 1, step: 1));
        bench.Tracker.Refresh();
        var first = File.ReadAllText(file);
        bench.Time.Advance(TimeSpan.FromSeconds(1));
        bench.Queue.Report(record.JobId!, Report(epoch: 1, step: 2));
        bench.Tracker.Refresh();
        Assert.Equal(first, File.ReadAllText(file)); // a second later: not rewritten

        bench.Time.Advance(TrainingTracker.JournalProgressEvery);
        bench.Queue.Report(record.JobId!, Report(epoch: 1, step: 3));
        bench.Tracker.Refresh();
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(3, json.RootElement.GetProperty("Report").GetProperty("Step").GetInt32());
        Assert.False(json.RootElement.GetProperty("Report").TryGetProperty("Curve", out _)); // the curve stays out
        Assert.Empty(Directory.GetFiles(bench.Journal.Folder, "*.tmp"));
    }

    public void Dispose() => bench.Dispose();

    private void Rebench(RestartPolicy policy, int heartbeatTimeoutSeconds = 90)
    {
        bench.Dispose();
        bench = new TrackerBench(policy, heartbeatTimeoutSeconds);
    }

    private static string Report(int epoch, int step, string worker = "test:1", int? stoppedAt = null) =>
        JsonSerializer.Serialize(
            new TrainingReport
        {
            Epoch = epoch,
            Epochs = 2,
            Step = step,
            StepsPerEpoch = 10,
            Worker = worker,
            StoppedAtStep = stoppedAt,
            Curve = [new CurvePoint { Position = 0.1, Loss = 1 }],
        },
            ExperimentJson.Options); // as the job writes it
}
