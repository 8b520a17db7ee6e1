namespace LatentDash.Web.Runs;

/// <summary>Where a running (or finished) training stands; <see cref="UpdatedAt"/> is when its worker last reported
/// (by the worker's clock).</summary>
public sealed record TrainingProgressView(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Fraction,
    double? EtaSeconds,
    double ImagesPerSecond,
    string? Worker,
    DateTime? UpdatedAt);
