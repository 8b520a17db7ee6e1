using System.Text.Json;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

/// <summary>The durable record of one training, one model to train (a LiteDB document in the collection "runs", and a
/// JSON file beside the experiments): what was asked, where it stands, and what came of it. The Hangfire job carries
/// only <see cref="Id"/>; this record is the truth the pages and the API show. Property names are the stored field
/// names: renaming one makes existing databases and JSON files unreadable.</summary>
public sealed class TrainingRecord
{
    public string Id { get; set; } = "";

    /// <summary>The submission it came from: every model of one form submit or API call shares it.</summary>
    public string Submission { get; set; } = "";

    /// <summary>The run: the folder under experiments/ that groups models.</summary>
    public string Run { get; set; } = "";

    /// <summary>The model folder under the run, chosen when the training is submitted.</summary>
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

    /// <summary>Torch threads of its training, decided at submission (<see cref="Queue.QueueOptions.ThreadsEach"/>);
    /// null: the worker's own setting.</summary>
    public int? Threads { get; set; }

    /// <summary>The full <see cref="TrainingRequest"/> as JSON (the config is polymorphic).</summary>
    public string RequestJson { get; set; } = "";

    public TrainingStatus Status { get; set; }

    /// <summary>The Hangfire job of the current attempt.</summary>
    public string? JobId { get; set; }

    /// <summary>1 for the first attempt; a retry or a requeue after a restart adds one.</summary>
    public int Attempt { get; set; } = 1;

    public DateTime SubmittedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? CancelRequestedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>Who submitted it (the API's remote address, the form's user or address, "local", "cli"): the cap on
    /// queued trainings counts per client.</summary>
    public string Client { get; set; } = "";

    /// <summary>When the process following the queue last saw a sign of life from the job (its report changed, or it
    /// started), by that process's clock so that workers' clocks do not matter.</summary>
    public DateTime? HeartbeatAt { get; set; }

    public TrainingReport? Report { get; set; }

    /// <summary>Final validation loss and accuracy, from the stored model's summary.</summary>
    public double? ValidationLoss { get; set; }

    public double? ValidationAccuracy { get; set; }

    /// <summary>Ends the training with <paramref name="status"/> at <paramref name="now"/>.</summary>
    public void Finish(TrainingStatus status, DateTime now)
    {
        if (StartedAt is null && Report is { } report)
        {
            // It went from queued to done between two looks: its report says how long it ran.
            StartedAt = now - TimeSpan.FromSeconds(report.ElapsedSeconds);
        }

        Status = status;
        FinishedAt = now;
    }

    public TrainingRequest Request() =>
        JsonSerializer.Deserialize<TrainingRequest>(RequestJson, ExperimentJson.Options)
        ?? throw new InvalidOperationException($"training {Id} has no request");
}
