namespace LatentDash.Jobs.Runs;

/// <summary>What a person asks for, as it arrives from the Train form or the HTTP API: a grid of models (architectures
/// × β values × latent dims) on one dataset, trained with the same options into one run. Missing training options take
/// the original's defaults; <see cref="RunSubmissionValidator"/> turns it into a checked sweep.</summary>
public sealed record RunSubmission
{
    public string? Run { get; init; }

    public string? Dataset { get; init; }

    public IReadOnlyList<string>? Architectures { get; init; }

    public IReadOnlyList<double>? Betas { get; init; }

    /// <summary>Numbers, so that 4.5 gets a message of its own rather than a parse error.</summary>
    public IReadOnlyList<double>? LatentDims { get; init; }

    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    public double? LearningRate { get; init; }

    public string? Optimizer { get; init; }

    public bool? EarlyStopping { get; init; }

    public long? Seed { get; init; }

    /// <summary>Conditional VAE only: the decoder sees the label too.</summary>
    public bool? ConditionedDecoder { get; init; }

    /// <summary>Branched VAE only: the weight of its classifier's cross-entropy in the loss (default 1, as the original).</summary>
    public double? ClassLossWeight { get; init; }

    /// <summary>The demo: each architecture at β 4 and latent dim 4 on Fashion-MNIST, 2 epochs, into run "demo".</summary>
    public static RunSubmission Demo { get; } = new()
    {
        Run = "demo",
        Dataset = "fashion",
        Architectures = Models.Networks.Architectures.Names,
        Betas = [4],
        LatentDims = [4],
        Epochs = 2,
    };
}
