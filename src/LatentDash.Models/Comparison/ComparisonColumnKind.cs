namespace LatentDash.Models.Comparison;

/// <summary>Where a comparison column's value comes from.</summary>
public enum ComparisonColumnKind
{
    Identity,
    Hyperparameter,
    FinalMetric,
    StructureMetric,
}
