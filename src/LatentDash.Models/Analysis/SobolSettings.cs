using System.Globalization;

namespace LatentDash.Models.Analysis;

/// <summary>What a Sobol analysis of a decoder is computed from: N, where the latent inputs come from, the seed, and
/// for a conditioned decoder the class every row is decoded as.</summary>
public sealed record SobolSettings
{
    public const int MinSamples = 16;

    /// <summary>Largest N whatever the latent size; the bound that counts is <see cref="MaxEvaluations"/>.</summary>
    public const int MaxSamples = 16_384;

    /// <summary>Most decodes one analysis may ask for: N·(d+2) images are held at once (131,072 × 28 × 28 floats ≈ 411 MB),
    /// so the bound is on the product, not on N alone (N = 16,384 is cheap at d = 2 and too much at d = 64).</summary>
    public const int MaxEvaluations = 131_072;

    /// <summary>The default N: 1024 rows, 12,288 decodes at d = 10 (seconds on two cores; see the README).</summary>
    public const int DefaultSamples = 1024;

    public int Samples { get; init; } = DefaultSamples;

    /// <summary>The largest N a model with <paramref name="dimensions"/> latent dimensions may use.</summary>
    public static int MaxSamplesFor(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return (int)Math.Min(MaxSamples, MaxEvaluations / ((long)dimensions + 2));
    }

    /// <summary>The decodes these settings need for <paramref name="dimensions"/> latent dimensions: N·(d+2).</summary>
    public long Evaluations(int dimensions) => (long)Samples * (dimensions + 2L);

    public SobolDistribution Distribution { get; init; } = SobolDistribution.Prior;

    public int Seed { get; init; }

    /// <summary>The class a conditioned decoder decodes every row as; ignored by other decoders.</summary>
    public int Condition { get; init; }

    /// <summary>The name of the cached result, e.g. <c>sobol-prior-n1024-s0</c> (with <c>-c3</c> for a conditioned decoder).</summary>
    public string CacheName(bool conditionedDecoder) =>
        string.Create(CultureInfo.InvariantCulture, $"sobol-{(Distribution == SobolDistribution.Prior ? "prior" : "posterior")}-n{Samples}-s{Seed}")
        + (conditionedDecoder ? string.Create(CultureInfo.InvariantCulture, $"-c{Condition}") : "");
}
