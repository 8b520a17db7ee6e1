using System.Text.Json.Serialization;

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

    /// <summary>Least time between two progress reports within an epoch; zero reports every step. Not a
    /// hyperparameter: it changes nothing about the model and is not stored with it.</summary>
    [JsonIgnore]
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Every problem as a message; empty when the options can train.</summary>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.Message)];

    /// <summary>Every problem, by field (epochs, batch_size, learning_rate, optimizer, validation_batch_size).</summary>
    public IReadOnlyList<FieldProblem> Problems()
    {
        var problems = new List<FieldProblem>();
        if (Limits.EpochsProblem(Epochs) is { } epochs)
        {
            problems.Add(new("epochs", epochs));
        }

        if (Limits.BatchSizeProblem(BatchSize) is { } batch)
        {
            problems.Add(new("batch_size", batch));
        }

        if (Limits.LearningRateProblem(LearningRate) is { } rate)
        {
            problems.Add(new("learning_rate", rate));
        }

        if (!string.Equals(Optimizer?.Trim(), "adam", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new("optimizer", $"optimizer '{Limits.Echo(Optimizer)}' is not offered; use adam"));
        }

        if (ValidationBatchSize < 1)
        {
            problems.Add(new("validation_batch_size", $"validation batch size must be positive, got {ValidationBatchSize}"));
        }

        return problems;
    }
}
