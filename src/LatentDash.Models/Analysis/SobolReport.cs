namespace LatentDash.Models.Analysis;

/// <summary>A model's global sensitivity to its latent dimensions: the decoded image's indices (pixels pooled by their
/// variance, and S_T per pixel), and for a classifier branch the indices of its class probabilities on the decoded
/// image.</summary>
public sealed record SobolReport
{
    public required SobolSettings Settings { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Over the image's pixels (Outputs = C·H·W).</summary>
    public required SobolIndices Image { get; init; }

    /// <summary>The class the head predicts for the decode of the inputs' centre (0 under the prior, the mean of μ under
    /// the marginals); null without a classifier branch.</summary>
    public int? ReferenceClass { get; init; }

    /// <summary>Indices of the probability of <see cref="ReferenceClass"/> (one output).</summary>
    public SobolIndices? ReferenceClassIndices { get; init; }

    /// <summary>Indices of every class's probability (Outputs = classes; TotalPerOutput gives S_T per class).</summary>
    public SobolIndices? Classes { get; init; }

    /// <summary>Decodes run: N·(d+2).</summary>
    public required int Evaluations { get; init; }

    public required double Seconds { get; init; }
}
