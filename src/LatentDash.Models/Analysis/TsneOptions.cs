using System.ComponentModel.DataAnnotations;

namespace LatentDash.Models.Analysis;

/// <summary>Settings of an exact t-SNE (van der Maaten 2008 with the reference implementation's optimiser).</summary>
public sealed record TsneOptions
{
    [Range(2, 100)]
    public double Perplexity { get; init; } = 30;

    /// <summary>All gradient steps, the early-exaggeration ones included.</summary>
    [Range(1, 10_000)]
    public int Iterations { get; init; } = 1000;

    /// <summary>Steps with exaggerated attraction and momentum 0.5, before 0.8 and no exaggeration.</summary>
    [Range(0, 10_000)]
    public int ExaggerationIterations { get; init; } = 250;

    [Range(1, 100)]
    public double Exaggeration { get; init; } = 12;

    /// <summary>The step size; null: max(N / exaggeration / 4, 50), the rule of openTSNE and scikit-learn.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Seeds the random start (a Gaussian of standard deviation 1e-4).</summary>
    public int Seed { get; init; }

    public double LearningRateFor(int count) => LearningRate ?? Math.Max(count / Exaggeration / 4, 50);
}
