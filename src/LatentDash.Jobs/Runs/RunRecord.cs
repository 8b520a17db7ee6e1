using System.Text.Json;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

/// <summary>The durable record of one model to train (a LiteDB document): what was asked, where it stands, and what
/// came of it. The Hangfire job carries only <see cref="Id"/>; this record is the truth the pages and the API show.</summary>
public sealed class RunRecord
{
    public string Id { get; set; } = "";

    /// <summary>The submission it came from: every model of one form submit or API call shares it.</summary>
    public string Submission { get; set; } = "";

    /// <summary>The run folder under experiments/.</summary>
    public string Run { get; set; } = "";

    /// <summary>The model folder under the run, chosen when the run is submitted.</summary>
    public string Model { get; set; } = "";

    public string Dataset { get; set; } = "";

    public string Architecture { get; set; } = "";

    public double Beta { get; set; }

    public int LatentDim { get; set; }

    public int Epochs { get; set; }

    public int BatchSize { get; set; }

    public double LearningRate { get; set; }

    public long Seed { get; set; }

    public bool EarlyStopping { get; set; }

    /// <summary>The full <see cref="TrainingRequest"/> as JSON (the config is polymorphic).</summary>
    public string RequestJson { get; set; } = "";

    public RunStatus Status { get; set; }

    /// <summary>The Hangfire job of the current attempt.</summary>
    public string? JobId { get; set; }

    /// <summary>1 for the first attempt; a retry or a requeue after a restart adds one.</summary>
    public int Attempt { get; set; } = 1;

    public DateTime SubmittedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? CancelRequestedAt { get; set; }

    public string? Error { get; set; }

    public RunReport? Report { get; set; }

    /// <summary>Final validation loss and accuracy, from the stored model's summary.</summary>
    public double? ValidationLoss { get; set; }

    public double? ValidationAccuracy { get; set; }

    public TrainingRequest Request() =>
        JsonSerializer.Deserialize<TrainingRequest>(RequestJson, ExperimentJson.Options)
        ?? throw new InvalidOperationException($"run {Id} has no request");
}
