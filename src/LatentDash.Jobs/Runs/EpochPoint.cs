using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

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
