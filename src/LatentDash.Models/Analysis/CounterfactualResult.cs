namespace LatentDash.Models.Analysis;

/// <summary>The smallest move found in z (in units of the sample's posterior σ) after which the classifier, on the
/// decoded image, gives the target class at least the asked probability.</summary>
public sealed record CounterfactualResult
{
    public required CounterfactualSettings Settings { get; init; }

    /// <summary>False when no move tried reached the probability (then <see cref="End"/> is the best attempt).</summary>
    public required bool Reached { get; init; }

    /// <summary>The sample's μ, where the move starts.</summary>
    public required double[] Start { get; init; }

    /// <summary>The sample's posterior σ, the unit of the move in each dimension.</summary>
    public required double[] Sigma { get; init; }

    /// <summary>The counterfactual z.</summary>
    public required double[] End { get; init; }

    /// <summary>||(z − μ)/σ||.</summary>
    public required double Distance { get; init; }

    /// <summary>The target probability at <see cref="End"/>.</summary>
    public required double TargetProbability { get; init; }

    /// <summary>The same distance for the baseline: the smallest t along the straight line from μ to the target class's
    /// mean μ that reaches the probability; null when the whole line does not.</summary>
    public double? StraightLineDistance { get; init; }

    /// <summary>How the end was found: "already", "gradient", or "straight line" (when the gradient search found
    /// nothing shorter than the baseline).</summary>
    public required string Method { get; init; }

    /// <summary>Gradient steps taken.</summary>
    public required int Steps { get; init; }

    /// <summary>From the start to the counterfactual along the straight segment between them.</summary>
    public required IReadOnlyList<CounterfactualStep> Strip { get; init; }

    public required double Seconds { get; init; }
}
