namespace LatentDash.Models.Analysis;

/// <summary>What a counterfactual asks (sample, target class, probability) and how hard the search tries.</summary>
public sealed record CounterfactualSettings
{
    public const double DefaultProbability = 0.9;

    public const double MinProbability = 0.05;

    public const double MaxProbability = 0.999;

    public required int Sample { get; init; }

    public required int Target { get; init; }

    /// <summary>p: the target class's probability to reach.</summary>
    public double Probability { get; init; } = DefaultProbability;

    /// <summary>Most gradient steps (Adam on the move in σ units); the search stops sooner once its best move has not
    /// shortened for a while.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Adam's step size, in posterior σ per step.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Images in the strip from the start to the counterfactual, both included.</summary>
    public int StripLength { get; init; } = 8;

    /// <summary>The name of the cached result, e.g. <c>counterfactual-s12-t3-p0_9</c>.</summary>
    public string CacheName =>
        FormattableString.Invariant($"counterfactual-s{Sample}-t{Target}-p{Probability:R}").Replace('.', '_');
}
