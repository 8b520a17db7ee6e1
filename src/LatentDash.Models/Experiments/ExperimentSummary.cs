using LatentDash.Models.Analysis;
using LatentDash.Models.Training;

namespace LatentDash.Models.Experiments;

/// <summary>The final metrics of a trained model, stored as summary.json.</summary>
public sealed record ExperimentSummary
{
    public required int EpochsRun { get; init; }

    public required TrainingStopReason StopReason { get; init; }

    public required LossSummary Train { get; init; }

    public required LossSummary Validation { get; init; }

    public required double FinalLearningRate { get; init; }

    public required double TrainingSeconds { get; init; }

    /// <summary>Trainable parameters per saved part (encoder, decoder, classifier).</summary>
    public required IReadOnlyDictionary<string, long> Parameters { get; init; }

    /// <summary>The size in bytes of each weights file as written (encoder.dat…), so a truncated copy is noticed when
    /// the folder is indexed; absent in folders written before it existed.</summary>
    public IReadOnlyDictionary<string, long>? WeightBytes { get; init; }

    /// <summary>How much structure the latent space carries (<see cref="StructureMetrics"/>), versioned; absent until
    /// the model is analysed.</summary>
    public StructureMetrics? Metrics { get; init; }

    public static ExperimentSummary From(
        TrainingResult result,
        IReadOnlyDictionary<string, long> parameters,
        IReadOnlyDictionary<string, long>? weightBytes = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ExperimentSummary
        {
            EpochsRun = result.History.Count,
            StopReason = result.StopReason,
            Train = result.Final.Train,
            Validation = result.Final.Validation,
            FinalLearningRate = result.Final.LearningRate,
            TrainingSeconds = result.Seconds,
            Parameters = parameters,
            WeightBytes = weightBytes,
        };
    }
}
