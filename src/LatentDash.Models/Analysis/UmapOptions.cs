using System.ComponentModel.DataAnnotations;

namespace LatentDash.Models.Analysis;

/// <summary>Settings of a UMAP embedding, named and defaulted as umap-learn's.</summary>
public sealed record UmapOptions
{
    /// <summary>Size of the local neighbourhood, the point itself included (umap-learn's n_neighbors).</summary>
    [Range(2, 200)]
    public int Neighbours { get; init; } = 15;

    /// <summary>How tightly points may pack in the embedding.</summary>
    [Range(0.0, 1.0)]
    public double MinDistance { get; init; } = 0.1;

    [Range(0.1, 10.0)]
    public double Spread { get; init; } = 1.0;

    /// <summary>Passes of stochastic gradient descent; null: 500 up to 10,000 points, 200 beyond (umap-learn's rule).</summary>
    public int? Epochs { get; init; }

    /// <summary>Negative samples per positive one.</summary>
    [Range(1, 50)]
    public int NegativeSampleRate { get; init; } = 5;

    /// <summary>Weight of the repulsion (umap-learn's repulsion_strength).</summary>
    public double Gamma { get; init; } = 1.0;

    public double InitialAlpha { get; init; } = 1.0;

    /// <summary>Seeds the start's noise and the negative samples.</summary>
    public int Seed { get; init; }

    public int EpochsFor(int count) => Epochs ?? (count <= 10_000 ? 500 : 200);
}
