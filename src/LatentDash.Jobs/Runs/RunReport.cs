using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

/// <summary>What a training job tells the outside while it runs: where it is, the running losses as a curve, and the
/// finished epochs. A job publishes it through the queue's storage, so any process can read it.</summary>
public sealed class RunReport
{
    public int Epoch { get; set; }

    public int Epochs { get; set; }

    public int Step { get; set; }

    public int StepsPerEpoch { get; set; }

    /// <summary>Fraction of the planned steps done, 0..1 (early stopping may end a run before 1).</summary>
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

    /// <summary>Steps done over the whole run.</summary>
    public int StepsDone() => (Math.Max(Epoch - 1, 0) * StepsPerEpoch) + Step;
}

/// <summary>A point of the running training loss; <see cref="Position"/> is in epochs (1.5 = half-way through epoch 2).</summary>
public sealed class CurvePoint
{
    public double Position { get; set; }

    public double Loss { get; set; }

    public double Reconstruction { get; set; }

    public double Kl { get; set; }

    public double? ClassLoss { get; set; }
}

/// <summary>A finished epoch's training and validation losses.</summary>
public sealed class EpochPoint
{
    public int Epoch { get; set; }

    public double TrainLoss { get; set; }

    public double TrainReconstruction { get; set; }

    public double TrainKl { get; set; }

    public double? TrainClassLoss { get; set; }

    public double ValidationLoss { get; set; }

    public double ValidationReconstruction { get; set; }

    public double ValidationKl { get; set; }

    public double? ValidationClassLoss { get; set; }

    public double? ValidationAccuracy { get; set; }

    public double LearningRate { get; set; }

    public double Seconds { get; set; }

    public static EpochPoint From(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new EpochPoint
        {
            Epoch = metrics.Epoch,
            TrainLoss = metrics.Train.Loss,
            TrainReconstruction = metrics.Train.Reconstruction,
            TrainKl = metrics.Train.Kl,
            TrainClassLoss = metrics.Train.ClassLoss,
            ValidationLoss = metrics.Validation.Loss,
            ValidationReconstruction = metrics.Validation.Reconstruction,
            ValidationKl = metrics.Validation.Kl,
            ValidationClassLoss = metrics.Validation.ClassLoss,
            ValidationAccuracy = metrics.Validation.Accuracy,
            LearningRate = metrics.LearningRate,
            Seconds = metrics.Seconds,
        };
    }
}
