using LatentDash.Jobs.Runs;
using LatentDash.Web.Explorer;

namespace LatentDash.Web.Runs;

/// <summary>A training as the HTTP API shows it: what was asked, where it stands, its progress, and where to explore the
/// model once it is trained. One training alone also carries its loss curve and per-epoch history; a listing leaves
/// them null.</summary>
public sealed record TrainingView(
    string Id,
    string Submission,
    string Run,
    string Model,
    string Dataset,
    string Architecture,
    double Beta,
    int LatentDim,
    int Epochs,
    int BatchSize,
    double LearningRate,
    long Seed,
    bool EarlyStopping,
    TrainingStatus Status,
    int Attempt,
    DateTime SubmittedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Error,
    double? ValidationLoss,
    double? ValidationAccuracy,
    TrainingProgressView? Progress,
    IReadOnlyList<EpochPoint>? History,
    IReadOnlyList<CurvePoint>? Curve,
    string? ExplorerUrl)
{
    public static TrainingView From(TrainingRecord record, bool details = true)
    {
        ArgumentNullException.ThrowIfNull(record);
        var report = record.Report;
        return new TrainingView(
            record.Id, record.Submission, record.Run, record.Model, record.Dataset, record.Architecture, record.Beta,
            record.LatentDim, record.Epochs, record.BatchSize, record.LearningRate, record.Seed, record.EarlyStopping,
            record.Status, record.Attempt, record.SubmittedAt, record.StartedAt, record.FinishedAt, record.Error,
            record.ValidationLoss, record.ValidationAccuracy,
            report is null ? null : new TrainingProgressView(
                report.Epoch, report.Epochs, report.Step, report.StepsPerEpoch, report.Fraction, report.EtaSeconds,
                report.ImagesPerSecond, report.Worker, report.UpdatedAt),
            details ? report?.History ?? [] : null,
            details ? report?.Curve ?? [] : null,
            ExplorerLink(record));
    }

    /// <summary>The explorer's address for a trained model; null until it is trained.</summary>
    public static string? ExplorerLink(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Status == TrainingStatus.Succeeded
            ? "/?" + new ExplorerView { Dataset = record.Dataset, Run = record.Run, Model = record.Model }.ToQuery()
            : null;
    }
}
