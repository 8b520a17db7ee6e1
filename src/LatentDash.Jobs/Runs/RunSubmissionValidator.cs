using System.Globalization;
using LatentDash.Models.Data;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Jobs.Runs;

/// <summary>The one check of a submission, shared by the form and the API: every problem by field (run, dataset,
/// architectures, betas, latent_dims, epochs, batch_size, learning_rate, optimizer, sweep), or a sweep that can run.</summary>
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

        if (string.IsNullOrWhiteSpace(submission.Run))
        {
            Add("run", "give the run a name");
        }

        var dataset = submission.Dataset?.Trim() ?? "";
        int? trainingImages = null;
        if (dataset.Length == 0)
        {
            Add("dataset", "choose a dataset");
        }
        else if (catalog.Exists(dataset))
        {
            trainingImages = catalog.TrainingCount(dataset);
        }
        else if (BuiltInDatasets.Find(dataset) is { } builtIn)
        {
            trainingImages = builtIn.TrainCount; // fetched when the job starts
        }
        else
        {
            var known = catalog.Names().Union(BuiltInDatasets.All.Select(d => d.Name)).Order(StringComparer.Ordinal);
            Add("dataset", $"dataset '{dataset}' is not available; known: {string.Join(", ", known)}");
        }

        var architectures = (submission.Architectures ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct().ToList();
        if (architectures.Count == 0)
        {
            Add("architectures", "choose at least one architecture");
        }

        var betas = (submission.Betas ?? []).Distinct().ToList();
        if (betas.Count == 0)
        {
            Add("betas", "give at least one beta");
        }

        var dims = new List<int>();
        foreach (var dim in (submission.LatentDims ?? []).Distinct())
        {
            if (double.IsInteger(dim) && dim is >= 1 and <= 64)
            {
                dims.Add((int)dim);
            }
            else
            {
                Add("latent_dims", $"latent dim must be an integer in 1..64, got {dim.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (submission.LatentDims is not { Count: > 0 })
        {
            Add("latent_dims", "give at least one latent dim");
        }

        var defaults = new TrainingOptions();
        var spec = new SweepSpec
        {
            Run = submission.Run?.Trim() ?? "",
            Datasets = [dataset],
            Architectures = architectures,
            Betas = betas,
            LatentDims = dims,
            ConditionedDecoder = submission.ConditionedDecoder ?? false,
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
        var modelCount = architectures.Count * betas.Count * (submission.LatentDims ?? []).Distinct().Count();
        var listProblems = errors.Count > 0;
        foreach (var problem in spec.Problems())
        {
            var field = problem.Field switch
            {
                "datasets" => "dataset",
                "sweep" when spec.Count == 0 && listProblems => null, // the empty or bad list already has its message
                var f => f,
            };
            if (field is not null && !(field == "run" && errors.ContainsKey("run")) && !(field == "dataset" && errors.ContainsKey("dataset")))
            {
                Add(field, problem.Message);
            }
        }

        if (trainingImages is { } images && spec.Training.BatchSize is >= 1 and <= 4096 && spec.Training.BatchSize > images)
        {
            Add("batch_size", $"batch size {spec.Training.BatchSize} is larger than the training set of {dataset} ({images:N0} images)");
        }

        return new RunSubmissionCheck(
            errors.Count == 0 ? spec : null,
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            modelCount);
    }
}

/// <summary>The outcome of a check: the sweep when valid, else the messages by field; and how many models it holds.</summary>
public sealed record RunSubmissionCheck(SweepSpec? Sweep, IReadOnlyDictionary<string, string[]> Errors, int ModelCount)
{
    public bool IsValid => Sweep is not null;
}
