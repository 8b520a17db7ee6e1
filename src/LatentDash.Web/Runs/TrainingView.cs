using LatentDash.Jobs.Runs;
using LatentDash.Web.Explorer;

namespace LatentDash.Web.Runs;

/// <summary>A run as the HTTP API shows it: what was asked, where it stands, its progress and history, and where to
/// explore the model once it is trained.</summary>
public sealed record RunView(
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
    RunStatus Status,
    int Attempt,
    DateTime SubmittedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Error,
    double? ValidationLoss,
    double? ValidationAccuracy,
    RunProgressView? Progress,
    IReadOnlyList<EpochPoint> History,
    string? ExplorerUrl)
{
    public static RunView From(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var report = record.Report;
        return new RunView(
            record.Id, record.Submission, record.Run, record.Model, record.Dataset, record.Architecture, record.Beta,
            record.LatentDim, record.Epochs, record.BatchSize, record.LearningRate, record.Seed, record.EarlyStopping,
            record.Status, record.Attempt, record.SubmittedAt, record.StartedAt, record.FinishedAt, record.Error,
            record.ValidationLoss, record.ValidationAccuracy,
            report is null ? null : new RunProgressView(
                report.Epoch, report.Epochs, report.Step, report.StepsPerEpoch, report.Fraction, report.EtaSeconds,
                report.ImagesPerSecond, report.Worker),
            report?.History ?? [],
            ExplorerLink(record));
    }

    /// <summary>The explorer's address for a trained model; null until it is trained.</summary>
    public static string? ExplorerLink(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Status == RunStatus.Succeeded
            ? "/?" + new ExplorerView { Dataset = record.Dataset, Run = record.Run, Model = record.Model }.ToQuery()
            : null;
    }
}

/// <summary>Where a running (or finished) training stands.</summary>
public sealed record RunProgressView(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Fraction,
    double? EtaSeconds,
    double ImagesPerSecond,
    string? Worker);
