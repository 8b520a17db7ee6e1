using System.Globalization;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;

namespace LatentDash.Models.Training;

/// <summary>A grid of models to train, as the original train.py: dataset × architecture × β × latent dim, all trained
/// with the same options into one run.</summary>
public sealed record SweepSpec
{
    /// <summary>The most models one sweep may hold.</summary>
    public const int MaxModels = 64;

    public required string Run { get; init; }

    public required IReadOnlyList<string> Datasets { get; init; }

    public required IReadOnlyList<string> Architectures { get; init; }

    public required IReadOnlyList<double> Betas { get; init; }

    public required IReadOnlyList<int> LatentDims { get; init; }

    public TrainingOptions Training { get; init; } = new();

    /// <summary>Only the conditional VAE uses it.</summary>
    public bool ConditionedDecoder { get; init; }

    public int Count => Datasets.Count * Architectures.Count * Betas.Count * LatentDims.Count;

    /// <summary>Every problem as a message; empty when the sweep can run.</summary>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.Message)];

    /// <summary>Every problem, by field (run, datasets, architectures, betas, latent_dims, the training options' fields,
    /// and sweep for its size); empty when the sweep can run.</summary>
    public IReadOnlyList<FieldProblem> Problems()
    {
        var problems = new List<FieldProblem>();
        if (ExperimentNames.Problem(Run, "run name") is { } runProblem)
        {
            problems.Add(new("run", runProblem));
        }

        problems.AddRange(Datasets.Where(d => !ExperimentNames.IsValid(d))
            .Select(d => new FieldProblem("datasets", ExperimentNames.Problem(d, "dataset")!)));
        problems.AddRange(Architectures.Where(a => !Networks.Architectures.IsKnown(a))
            .Select(a => new FieldProblem("architectures", $"unknown architecture '{a}'; known: {string.Join(", ", Networks.Architectures.Names)}")));
        problems.AddRange(Betas.Where(b => !double.IsFinite(b) || b <= 0)
            .Select(b => new FieldProblem("betas", $"beta must be finite and > 0, got {b.ToString(CultureInfo.InvariantCulture)}")));
        problems.AddRange(LatentDims.Where(d => d is < 1 or > 64)
            .Select(d => new FieldProblem("latent_dims", $"latent dim must be an integer in 1..64, got {d}")));
        problems.AddRange(Training.Problems());
        if (Count == 0)
        {
            problems.Add(new("sweep", "the sweep is empty: give at least one dataset, architecture, beta and latent dim"));
        }
        else if (Count > MaxModels)
        {
            problems.Add(new("sweep", $"the sweep has {Count} models; at most {MaxModels} are allowed"));
        }

        return problems;
    }

    /// <summary>One request per grid point, in a stable order.</summary>
    public IReadOnlyList<TrainingRequest> Expand() =>
        (from dataset in Datasets
         from architecture in Architectures
         from beta in Betas
         from dim in LatentDims
         select new TrainingRequest(
             Run,
             Networks.Architectures.CreateConfig(
                 architecture, new VaeHyperparameters(dataset, dim, beta) { ConditionedDecoder = ConditionedDecoder }),
             Training)).ToList();
}
