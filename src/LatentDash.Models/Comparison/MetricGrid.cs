namespace LatentDash.Models.Comparison;

/// <summary>A metric over β × latent dim for one architecture: <see cref="Values"/>[i][j] is the mean over the models
/// at <see cref="Betas"/>[i] and <see cref="LatentDims"/>[j] (several seeds or runs share a cell), null where no model
/// of that cell has the metric; <see cref="Counts"/>[i][j] says how many models were averaged.</summary>
public sealed record MetricGrid(
    string Architecture,
    IReadOnlyList<double> Betas,
    IReadOnlyList<int> LatentDims,
    IReadOnlyList<IReadOnlyList<double?>> Values,
    IReadOnlyList<IReadOnlyList<int>> Counts);
