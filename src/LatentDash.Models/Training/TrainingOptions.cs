namespace LatentDash.Models.Training;

/// <summary>How a model is trained; the defaults are the original's (Adam, lr 1e-4, 9 epochs, batch 32).</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 9;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-4;

    /// <summary>The optimizer's name; Adam is the one offered.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Seeds the weights, the shuffling and the sampling: the same seed gives the same model on one machine.</summary>
    public long Seed { get; init; } = 1333;

    public bool EarlyStopping { get; init; } = true;

    public MonitoredLoss Monitor { get; init; } = MonitoredLoss.Total;

    /// <summary>Batch size of the validation pass; it changes speed only, not the result.</summary>
    public int ValidationBatchSize { get; init; } = 500;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Epochs is < 1 or > 500)
        {
            errors.Add($"epochs must be in 1..500, got {Epochs}");
        }

        if (BatchSize is < 1 or > 4096)
        {
            errors.Add($"batch size must be in 1..4096, got {BatchSize}");
        }

        if (!double.IsFinite(LearningRate) || LearningRate <= 0 || LearningRate > 1)
        {
            errors.Add($"learning rate must be in (0, 1], got {LearningRate}");
        }

        if (!string.Equals(Optimizer, "adam", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"optimizer '{Optimizer}' is not offered; use adam");
        }

        if (ValidationBatchSize < 1)
        {
            errors.Add($"validation batch size must be positive, got {ValidationBatchSize}");
        }

        return errors;
    }
}
