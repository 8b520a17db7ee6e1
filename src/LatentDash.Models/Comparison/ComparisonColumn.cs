using LatentDash.Models.Experiments;

namespace LatentDash.Models.Comparison;

/// <summary>A column of the run comparison: a hyperparameter, a final metric or a structure metric of an indexed
/// model, known by the short key that URLs use (val_loss, beta…). Text columns (run, model, architecture) have no
/// number; every other column is a number, absent (null) where the model does not have it.</summary>
public sealed record ComparisonColumn
{
    public required string Key { get; init; }

    public required string Title { get; init; }

    public required ComparisonColumnKind Kind { get; init; }

    /// <summary>The cell as a number; null for text columns and for models without the value.</summary>
    public Func<ExperimentEntry, double?> Number { get; init; } = _ => null;

    /// <summary>The cell as text, for text columns.</summary>
    public Func<ExperimentEntry, string>? Text { get; init; }

    /// <summary>.NET format of the number in a table cell ("F2", "P1", "0.###").</summary>
    public string Format { get; init; } = "F2";

    /// <summary>One sentence on what the value means, shown on the column's header.</summary>
    public string? Meaning { get; init; }

    /// <summary>True when a larger value is better (accuracy, PSNR), false when a smaller one is (losses), null when
    /// neither (hyperparameters).</summary>
    public bool? HigherIsBetter { get; init; }

    public bool IsNumeric => Text is null;
}
