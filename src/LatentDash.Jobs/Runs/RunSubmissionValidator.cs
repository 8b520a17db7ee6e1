using System.Globalization;
using LatentDash.Models;
using LatentDash.Models.Data;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

/// <summary>The one check of a submission, shared by the form and the API: every problem by field (run, dataset,
/// architectures, betas, latent_dims, class_loss_weight, epochs, batch_size, learning_rate, optimizer, sweep), or a sweep
/// that can run.</summary>
public sealed class RunSubmissionValidator(DatasetCatalog catalog)
{
    public RunSubmissionCheck Check(RunSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        // The list, or null (with a message) when it holds more items than any submission may.
        IReadOnlyList<T>? TooLong<T>(IReadOnlyList<T>? list, string field, string what)
        {
            list ??= [];
            if (Limits.ListProblem(list.Count, what) is { } problem)
            {
                Add(field, problem);
                return null;
            }

            return list;
        }

        if (string.IsNullOrWhiteSpace(submission.Run))
        {
            Add("run", "give the run a name");
        }

        // Names are taken as sent: "fashion\n" or "run " is a mistake to show, not a name to guess (the form trims its own text).
        var dataset = submission.Dataset ?? "";
        int? trainingImages = null;
        if (string.IsNullOrWhiteSpace(dataset))
        {
            Add("dataset", "choose a dataset");
        }
        else if (catalog.Exists(dataset))
        {
            try
            {
                trainingImages = catalog.TrainingCount(dataset);
            }
            catch (Exception ex) when (ex is DatasetFormatException or IOException or UnauthorizedAccessException)
            {
                // The exception names server paths: the person sees which dataset, the files tell the rest.
                Add("dataset", $"dataset '{dataset}' cannot be read ({ex.GetType().Name}): check its files under the data folder");
            }
        }
        else if (BuiltInDatasets.Find(dataset) is { } builtIn)
        {
            trainingImages = builtIn.TrainCount; // fetched when the job starts
        }
        else
        {
            Add("dataset", catalog.UnavailableProblem(dataset)!);
        }

        // Lists are looked at item by item only when they are short: a client may send millions.
        var architectures = new List<string>();
        if (TooLong(submission.Architectures, "architectures", "architectures") is { } givenArchitectures)
        {
            foreach (var (name, i) in givenArchitectures.Select((a, i) => (a, i)))
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    Add("architectures", $"architecture {i + 1} is empty; known: {string.Join(", ", Architectures.Names)}");
                }
                else
                {
                    // Two spellings of one architecture ("Branched", "branched ") are one model, not two.
                    architectures.Add(Architectures.Canonical(name) ?? name.Trim());
                }
            }

            if (givenArchitectures.Count == 0)
            {
                Add("architectures", "choose at least one architecture");
            }
        }

        var betas = new List<double>();
        if (TooLong(submission.Betas, "betas", "beta values") is { } givenBetas)
        {
            betas.AddRange(givenBetas.Distinct());
            if (betas.Count == 0)
            {
                Add("betas", "give at least one beta");
            }
        }

        var dims = new List<int>();
        if (TooLong(submission.LatentDims, "latent_dims", "latent dims") is { } givenDims)
        {
            foreach (var dim in givenDims.Distinct())
            {
                if (Limits.LatentDimProblem(dim) is { } problem)
                {
                    Add("latent_dims", problem);
                }
                else
                {
                    dims.Add((int)dim);
                }
            }

            if (givenDims.Count == 0)
            {
                Add("latent_dims", "give at least one latent dim");
            }
        }

        // A weight without the branched architecture would be silently ignored: more likely a mistake than a wish.
        if (submission.ClassLossWeight is not null && architectures.Count > 0 && !architectures.Contains(BranchedVaeConfig.Name, StringComparer.Ordinal))
        {
            Add("class_loss_weight", $"class_loss_weight applies to the {BranchedVaeConfig.Name} architecture only: choose it, or leave the weight out");
        }

        var defaults = new TrainingOptions();
        var spec = new SweepSpec
        {
            Run = submission.Run ?? "",
            Datasets = [dataset],
            Architectures = architectures,
            Betas = betas,
            LatentDims = dims,
            ConditionedDecoder = submission.ConditionedDecoder ?? false,
            ClassLossWeights = [submission.ClassLossWeight ?? BranchedVaeConfig.DefaultClassLossWeight],
            Training = defaults with
            {
                Epochs = submission.Epochs ?? defaults.Epochs,
                BatchSize = submission.BatchSize ?? defaults.BatchSize,
                LearningRate = submission.LearningRate ?? defaults.LearningRate,
                Optimizer = submission.Optimizer ?? defaults.Optimizer,
                EarlyStopping = submission.EarlyStopping ?? defaults.EarlyStopping,
                Seed = submission.Seed ?? defaults.Seed,
            },
        };
        var modelCount = Limits.GridSize(
            architectures.Distinct(StringComparer.Ordinal).Count(), betas.Count, (submission.LatentDims ?? []).Distinct().Count());
        var listProblems = errors.Count > 0;
        foreach (var problem in spec.Problems())
        {
            var field = problem.Field switch
            {
                "datasets" => "dataset",
                "class_loss_weights" => "class_loss_weight",
                "sweep" when spec.Count == 0 && listProblems => null, // the empty or bad list already has its message
                var f => f,
            };
            if (field is not null && !(field == "run" && errors.ContainsKey("run")) && !(field == "dataset" && errors.ContainsKey("dataset")))
            {
                Add(field, problem.Message);
            }
        }

        if (trainingImages is { } images && Limits.BatchSizeProblem(spec.Training.BatchSize) is null && spec.Training.BatchSize > images)
        {
            Add("batch_size", $"batch size {spec.Training.BatchSize} is larger than the training set of {dataset} ({images:N0} images)");
        }

        return new RunSubmissionCheck(
            errors.Count == 0 ? spec : null,
            errors.ToDictionary(e => e.Key, e => Limits.CapMessages(e.Value.Distinct(StringComparer.Ordinal).ToList()), StringComparer.Ordinal),
            modelCount);
    }
}

/// <summary>The outcome of a check: the sweep when valid, else the messages by field; and how many models it holds.</summary>
public sealed record RunSubmissionCheck(SweepSpec? Sweep, IReadOnlyDictionary<string, string[]> Errors, long ModelCount)
{
    public bool IsValid => Sweep is not null;
}
