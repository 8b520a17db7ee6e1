using System.Globalization;

namespace LatentDash.Models.Analysis;

/// <summary>What a Sobol analysis of a decoder is computed from: N, where the latent inputs come from, the seed, and
/// for a conditioned decoder the class every row is decoded as.</summary>
public sealed record SobolSettings
{
    public const int MinSamples = 16;

    /// <summary>Largest N: N·(d+2) decodes of d = 64 stay under 300,000 images (≈ 1 GB of pixels at 28 × 28).</summary>
    public const int MaxSamples = 4096;

    /// <summary>The default N: 1024 rows, 12,288 decodes at d = 10 (seconds on two cores; see the README).</summary>
    public const int DefaultSamples = 1024;

    public int Samples { get; init; } = DefaultSamples;

    public SobolDistribution Distribution { get; init; } = SobolDistribution.Prior;

    public int Seed { get; init; }

    /// <summary>The class a conditioned decoder decodes every row as; ignored by other decoders.</summary>
    public int Condition { get; init; }

    /// <summary>The name of the cached result, e.g. <c>sobol-prior-n1024-s0</c> (with <c>-c3</c> for a conditioned decoder).</summary>
    public string CacheName(bool conditionedDecoder) =>
        string.Create(CultureInfo.InvariantCulture, $"sobol-{(Distribution == SobolDistribution.Prior ? "prior" : "posterior")}-n{Samples}-s{Seed}")
        + (conditionedDecoder ? string.Create(CultureInfo.InvariantCulture, $"-c{Condition}") : "");
}
