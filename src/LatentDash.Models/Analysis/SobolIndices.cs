namespace LatentDash.Models.Analysis;

/// <summary>First-order and total Sobol indices of one output (or of many outputs pooled with their variances as
/// weights: Σ_p V_p S_{i,p} / Σ_p V_p), per input dimension, with bootstrap percentile intervals; and the total index
/// of every output separately (where in the image a dimension acts).</summary>
public sealed record SobolIndices
{
    /// <summary>N, the rows of each design block.</summary>
    public required int Samples { get; init; }

    public required int Dimensions { get; init; }

    /// <summary>Outputs per model evaluation (pixels, or classes).</summary>
    public required int Outputs { get; init; }

    public required int Resamples { get; init; }

    /// <summary>Coverage of the intervals (0.95: the 2.5 and 97.5 percentiles of the bootstrap).</summary>
    public required double Confidence { get; init; }

    /// <summary>Σ_p V_p: the outputs' variances summed (over the A and B rows).</summary>
    public required double Variance { get; init; }

    /// <summary>S_i (Saltelli 2010): E[f(B)(f(AB_i) − f(A))] / V.</summary>
    public required double[] FirstOrder { get; init; }

    public required double[] FirstOrderLow { get; init; }

    public required double[] FirstOrderHigh { get; init; }

    /// <summary>S_Ti (Jansen 1999): ½ E[(f(A) − f(AB_i))²] / V.</summary>
    public required double[] Total { get; init; }

    public required double[] TotalLow { get; init; }

    public required double[] TotalHigh { get; init; }

    /// <summary>S_T of each output alone, row-major Dimensions × Outputs; 0 where an output does not vary.</summary>
    public required float[] TotalPerOutput { get; init; }

    /// <summary>Each output's variance V_p.</summary>
    public required float[] OutputVariance { get; init; }
}
