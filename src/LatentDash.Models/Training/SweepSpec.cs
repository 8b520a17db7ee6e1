using System.Globalization;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;

namespace LatentDash.Models.Training;

/// <summary>A grid of models to train, as the original train.py: dataset × architecture × β × latent dim, all trained
/// with the same options into one run; the branched architecture's grid points are repeated per class-loss weight.</summary>
public sealed record SweepSpec
{
    /// <summary>The most models one sweep may hold.</summary>
    public const int MaxModels = Limits.MaxModels;

    public required string Run { get; init; }

    public required IReadOnlyList<string> Datasets { get; init; }

    public required IReadOnlyList<string> Architectures { get; init; }

    public required IReadOnlyList<double> Betas { get; init; }

    public required IReadOnlyList<int> LatentDims { get; init; }

    public TrainingOptions Training { get; init; } = new();

    /// <summary>Only the conditional VAE uses it.</summary>
    public bool ConditionedDecoder { get; init; }

    /// <summary>Only the branched VAE uses them: one branched model per weight of its classifier's cross-entropy.</summary>
    public IReadOnlyList<double> ClassLossWeights { get; init; } = [BranchedVaeConfig.DefaultClassLossWeight];

    /// <summary>How many models the sweep trains: the product of the de-duplicated lists (architectures compared
    /// without case, the branched one counted once per class-loss weight), in checked 64-bit arithmetic;
    /// <see cref="long.MaxValue"/> stands for "too many to count".</summary>
    public long Count
    {
        get
        {
            var architectures = DistinctArchitectures();
            var hasBranched = architectures.Contains(BranchedVaeConfig.Name, StringComparer.Ordinal);
            // An int cannot overflow here: both terms are counts of in-memory lists.
            var architectureSlots = architectures.Count - (hasBranched ? 1 : 0) + (hasBranched ? DistinctWeights().Count : 0);
            return Limits.GridSize(DistinctDatasets().Count, architectureSlots, Betas.Distinct().Count(), LatentDims.Distinct().Count());
        }
    }

    /// <summary>Every problem as a message; empty when the sweep can run.</summary>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.Message)];

    /// <summary>Every problem, by field (run, datasets, architectures, betas, latent_dims, the training options' fields,
    /// and sweep for its size); empty when the sweep can run. Each field reports at most
    /// <see cref="Limits.MaxMessagesPerField"/> messages.</summary>
    public IReadOnlyList<FieldProblem> Problems()
    {
        var problems = new List<FieldProblem>();
        if (ExperimentNames.Problem(Run, "run name") is { } runProblem)
        {
            problems.Add(new("run", runProblem));
        }

        AddList(problems, "datasets", "datasets", Datasets, d => ExperimentNames.Problem(d?.Trim(), "dataset"));
        AddList(problems, "architectures", "architectures", Architectures, a => Networks.Architectures.IsKnown(a)
            ? null
            : $"unknown architecture '{Limits.Echo(a)}'; known: {string.Join(", ", Networks.Architectures.Names)}");
        AddList(problems, "betas", "beta values", Betas, Limits.BetaProblem);
        AddList(problems, "latent_dims", "latent dims", LatentDims, d => Limits.LatentDimProblem(d));
        AddList(problems, "class_loss_weights", "class loss weights", ClassLossWeights, Limits.ClassLossWeightProblem);
        problems.AddRange(Training.Problems());
        if (Limits.ModelCountProblem(Count) is { } countProblem)
        {
            problems.Add(new("sweep", countProblem));
        }

        return problems;
    }

    /// <summary>One request per grid point of the de-duplicated lists, in a stable order.</summary>
    /// <exception cref="InvalidOperationException">The sweep is larger than <see cref="Limits.MaxModels"/>: it is never
    /// expanded, whatever the caller checked.</exception>
    public IReadOnlyList<TrainingRequest> Expand()
    {
        if (Count > Limits.MaxModels)
        {
            throw new InvalidOperationException($"a sweep of more than {Limits.MaxModels} models is not expanded");
        }

        return (from dataset in DistinctDatasets()
                from architecture in DistinctArchitectures()
                from beta in Betas.Distinct()
                from dim in LatentDims.Distinct()
                from weight in architecture == BranchedVaeConfig.Name ? DistinctWeights() : [1.0]
                select new TrainingRequest(
                    Run,
                    Networks.Architectures.CreateConfig(
                        architecture,
                        new VaeHyperparameters(dataset, dim, beta) { ConditionedDecoder = ConditionedDecoder, ClassLossWeight = weight }),
                    Training)).ToList();
    }

    private List<double> DistinctWeights() => [.. ClassLossWeights.Distinct()];

    private List<string> DistinctDatasets() =>
        [.. Datasets.Where(d => d is not null).Select(d => d.Trim()).Distinct(StringComparer.Ordinal)];

    /// <summary>Known architectures by their canonical names ("Branched" and "branched" are one), then unknown ones.</summary>
    private List<string> DistinctArchitectures() =>
        [.. Architectures.Where(a => a is not null).Select(a => Networks.Architectures.Canonical(a) ?? a.Trim()).Distinct(StringComparer.Ordinal)];

    private static void AddList<T>(List<FieldProblem> problems, string field, string what, IReadOnlyList<T> items, Func<T, string?> problem)
    {
        if (Limits.ListProblem(items.Count, what) is { } tooMany)
        {
            problems.Add(new(field, tooMany)); // the items themselves are not looked at: there may be millions
            return;
        }

        var messages = items.Select(problem).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        problems.AddRange(Limits.CapMessages(messages).Select(m => new FieldProblem(field, m)));
    }
}
