using LatentDash.Models.Training;

namespace LatentDash.Models.Experiments;

/// <summary>A model folder read back: its params, history and final metrics, and where it lives.</summary>
public sealed record StoredExperiment(
    string Directory,
    ExperimentParams Params,
    IReadOnlyList<EpochMetrics> History,
    ExperimentSummary Summary);
