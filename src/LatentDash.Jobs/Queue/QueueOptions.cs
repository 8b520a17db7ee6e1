using System.ComponentModel.DataAnnotations;
using LatentDash.Models;

namespace LatentDash.Jobs.Queue;

/// <summary>Where Hangfire keeps its queue and how this process works it (configuration section "Queue").</summary>
public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>InMemory (the embedded default: the web process trains) or PostgreSql (several worker processes).</summary>
    public QueueStorage Storage { get; set; } = QueueStorage.InMemory;

    /// <summary>The PostgreSQL connection string when <see cref="Storage"/> is PostgreSql.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The PostgreSQL schema of Hangfire's tables.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string Schema { get; set; } = "hangfire";

    /// <summary>The most jobs one process trains at once.</summary>
    public const int MaxWorkers = 16;

    /// <summary>Jobs this process trains at once; 0 only enqueues (a web process in front of separate workers).</summary>
    [Range(0, MaxWorkers)]
    public int Workers { get; set; } = 1;

    /// <summary>Torch threads of one training (set on the training thread, which runs at a lower priority). A submission
    /// of several models to a process that trains several at once divides them (<see cref="ThreadsEach"/>).</summary>
    [Range(Limits.MinThreads, Limits.MaxThreads)]
    public int TrainingThreads { get; set; } = 2;

    /// <summary>The torch threads of training <paramref name="index"/> (from 0) of a submission of
    /// <paramref name="models"/> models to this process: the queue takes a submission's trainings in order,
    /// <see cref="Workers"/> at a time, and each such group shares <see cref="TrainingThreads"/> (at least one each); null
    /// where this process does not train (its workers' own setting holds).</summary>
    /// <remarks>One training splits poorly over two cores (1.3–1.4× of one), while two on a thread each hardly slow each
    /// other: with two workers, a sweep trains two models at a time on a thread each (a sweep of four in 0.62–0.68 of
    /// the time), and a lone training, or the last of an odd number, gets both. Decided at submission, so that the same
    /// sweep always trains each model on the same count (which orders the kernels' sums, hence the last digits of a
    /// history); stored with the model.</remarks>
    public int? ThreadsEach(int models, int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(models, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, models);
        if (Workers < 1)
        {
            return null;
        }

        var groupStart = index / Workers * Workers;
        var together = Math.Min(Workers, models - groupStart);
        return Math.Max(1, TrainingThreads / together);
    }

    /// <summary>Nice value of the training threads (0 normal … 19 lowest): at 10 an explorer in the same process or on
    /// the same machine gets about nine times the CPU of a running training whenever it wants it.</summary>
    [Range(0, 19)]
    public int TrainingNiceness { get; set; } = 10;

    /// <summary>What a restart (or a lost worker) does with trainings that were queued or running: queue them again, or mark
    /// them interrupted.</summary>
    public RestartPolicy OnRestart { get; set; } = RestartPolicy.Requeue;

    /// <summary>How often the training records follow the queue, in milliseconds.</summary>
    [Range(50, 60_000)]
    public int RefreshMilliseconds { get; set; } = 500;

    /// <summary>How often a worker looks whether a running job was cancelled, in milliseconds.</summary>
    [Range(100, 60_000)]
    public int CancellationCheckMilliseconds { get; set; } = 1000;

    /// <summary>How long a stopping process waits, in seconds, for its running jobs to stop (a training stops before its
    /// next batch, well under a second on an idle machine, a few seconds on a loaded one) before it leaves them to
    /// <see cref="OnRestart"/>; the host waits two seconds more. Keep it below a container's stop grace period.</summary>
    [Range(1, 300)]
    public int StopSeconds { get; set; } = 6;

    /// <summary>A running training whose job gave no sign of life (a changed report) for this long is taken for dead
    /// (its worker was killed or lost) and handled as <see cref="OnRestart"/> says, in seconds.</summary>
    [Range(10, 86_400)]
    public int HeartbeatTimeoutSeconds { get; set; } = 90;

    /// <summary>How often a running job publishes its report even without progress (its heartbeat), in seconds; well
    /// below <see cref="HeartbeatTimeoutSeconds"/>.</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>Trainings one client (remote address, user, "local") may have queued or running at once; a submission
    /// that would pass it is refused whole.</summary>
    [Range(1, 100_000)]
    public int MaxQueuedPerClient { get; set; } = 256;

    /// <summary>The Hangfire dashboard answers every request when true; by default only local ones.</summary>
    public bool DashboardOpen { get; set; }
}

public enum QueueStorage
{
    InMemory,
    PostgreSql,
}

public enum RestartPolicy
{
    Requeue,
    Interrupt,
}
