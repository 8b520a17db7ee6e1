using LatentDash.Models.Networks;

namespace LatentDash.Models.Training;

/// <summary>One model to train: the run it belongs to, its network config and how to train it. The image shape and
/// class count of the config are taken from the dataset when it runs.</summary>
public sealed record TrainingRequest(string Run, VaeConfig Vae, TrainingOptions Training)
{
    /// <summary>A chosen model folder name; null picks one that carries the hyperparameters.</summary>
    public string? ModelName { get; init; }

    /// <summary>Torch threads to train on, decided when a sweep is submitted; null: the worker's own setting.</summary>
    public int? Threads { get; init; }
}
