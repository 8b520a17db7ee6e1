namespace LatentDash.Jobs.Runs;

/// <summary>What a training job tells the outside while it runs: where it is, the running losses as a curve, and the
/// finished epochs. A job publishes it through the queue's storage, so any process can read it.</summary>
public sealed class TrainingReport
{
    public int Epoch { get; set; }

    public int Epochs { get; set; }

    public int Step { get; set; }

    public int StepsPerEpoch { get; set; }

    /// <summary>Fraction of the planned steps done, 0..1 (early stopping may end a training before 1).</summary>
    public double Fraction { get; set; }

    public double ImagesPerSecond { get; set; }

    public double ElapsedSeconds { get; set; }

    /// <summary>Estimated seconds left at the current pace; null until there is a pace.</summary>
    public double? EtaSeconds { get; set; }

    /// <summary>Running means of the training losses within epochs, at most a few hundred points.</summary>
    public List<CurvePoint> Curve { get; set; } = [];

    /// <summary>One entry per finished epoch: training and validation losses.</summary>
    public List<EpochPoint> History { get; set; } = [];

    /// <summary>The step the job had reached when it saw the cancellation, and the one it stopped at.</summary>
    public int? CancelledAtStep { get; set; }

    public int? StoppedAtStep { get; set; }

    /// <summary>The worker (machine and process) that trains it.</summary>
    public string? Worker { get; set; }

    /// <summary>When the worker published this report, by its clock. The job publishes at least every
    /// <see cref="Queue.QueueOptions.HeartbeatSeconds"/> while it lives, so a changing report is its heartbeat.</summary>
    public DateTime? UpdatedAt { get; set; }

    /// <summary>Steps done over the whole training.</summary>
    public int StepsDone() => (Math.Max(Epoch - 1, 0) * StepsPerEpoch) + Step;
}
