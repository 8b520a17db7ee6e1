namespace LatentDash.Models.Comparison;

/// <summary>One quantity of one model over its epochs (1-based), e.g. the validation KL of run/model.</summary>
public sealed record TrainingCurve(
    string Run,
    string Model,
    CurveQuantity Quantity,
    CurveSplit Split,
    IReadOnlyList<int> Epochs,
    IReadOnlyList<double> Values);
