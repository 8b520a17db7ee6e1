namespace LatentDash.Models.Comparison;

/// <summary>How a comparison table shows its columns: <see cref="Shown"/> as columns, in table order, and
/// <see cref="Shared"/> once above the table, because every listed model has the same value there.</summary>
public sealed record ComparisonLayout(IReadOnlyList<ComparisonColumn> Shown, IReadOnlyList<ComparisonColumn> Shared);
