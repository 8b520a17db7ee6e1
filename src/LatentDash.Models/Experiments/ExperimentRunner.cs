using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging;

namespace LatentDash.Models.Experiments;

/// <summary>Trains one requested model end to end: dataset → network → trainer → atomic write → index.</summary>
/// <remarks>A dataset's tensors stay in memory once loaded (one entry per dataset, never swapped while another
/// training may use them), so a sweep loads each dataset once; a host that trains now and then (the dashboard) hands
/// them back with <see cref="ReleaseIdleData"/> when no run is in progress. Safe for concurrent runs.</remarks>
public sealed partial class ExperimentRunner(
    DatasetCatalog catalog,
    VaeTrainer trainer,
    ExperimentStore store,
    IExperimentIndex index,
    TimeProvider time,
    ILogger<ExperimentRunner> logger) : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (LabeledDataset Dataset, ImageTensors Train, ImageTensors Validation, DateTime Stamp)> loaded =
        new(StringComparer.Ordinal);

    /// <summary>Tensors of datasets whose folder was replaced while loaded (a move to the official split): a training
    /// may still be using them, so they are disposed with the runner.</summary>
    private readonly List<ImageTensors> replaced = [];
    private int running; // runs holding a dataset entry; guarded by gate

    /// <summary>Checks a request against the rules and the dataset; returns the problems, empty when it can run.</summary>
    public IReadOnlyList<string> Validate(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        if (ExperimentNames.Problem(request.Run, "run name") is { } runProblem)
        {
            errors.Add(runProblem);
        }

        if (request.ModelName is not null && ExperimentNames.Problem(request.ModelName, "model name") is { } modelProblem)
        {
            errors.Add(modelProblem);
        }

        errors.AddRange(request.Vae.Validate());
        errors.AddRange(request.Training.Validate());
        if (!ExperimentNames.IsValid(request.Vae.Dataset) || !catalog.Exists(request.Vae.Dataset))
        {
            errors.Add($"dataset '{request.Vae.Dataset}' is not available; known: {string.Join(", ", catalog.Names())}");
        }

        return errors;
    }

    /// <summary>Trains, writes and indexes the model; returns it as stored.</summary>
    /// <exception cref="ArgumentException">The request is invalid (the message lists every problem).</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite; nothing was written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was written.</exception>
    public StoredExperiment Run(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(request));
        }

        var (dataset, train, validation) = Tensors(request.Vae.Dataset);
        try
        {
            return Run(request, dataset, train, validation, progress, cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                running--;
            }
        }
    }

    /// <summary>Disposes the loaded datasets' tensors when no run is in progress (the next run loads them again);
    /// returns whether anything was released.</summary>
    public bool ReleaseIdleData()
    {
        lock (gate)
        {
            if (running > 0 || loaded.Count == 0)
            {
                return false;
            }

            DisposeLoaded();
            return true;
        }
    }

    private StoredExperiment Run(
        TrainingRequest request,
        LabeledDataset dataset,
        ImageTensors train,
        ImageTensors validation,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var manifest = dataset.Manifest;
        if (request.Training.BatchSize > train.Count)
        {
            throw new ArgumentException(
                $"batch size {request.Training.BatchSize} is larger than the training set of {manifest.Name} ({train.Count} images)",
                nameof(request));
        }

        var config = request.Vae with
        {
            ClassCount = manifest.ClassNames.Count,
            Channels = manifest.Channels,
            Height = manifest.Height,
            Width = manifest.Width,
        };
        var now = time.GetUtcNow();
        var modelName = request.ModelName ?? store.NewModelName(request.Run, config, now);
        LogStarting(request.Run, modelName, train.Count);

        using var model = VaeTrainer.CreateModel(config, request.Training.Seed);
        var result = trainer.Train(model, train, validation, request.Training, progress, cancellationToken);
        var parameters = new ExperimentParams
        {
            Run = request.Run,
            Model = modelName,
            Vae = config,
            Training = request.Training,
            Created = now,
            DatasetSource = manifest.SourceOrInferred,
            DatasetSplit = manifest.SplitOrInferred,
            TorchThreads = TorchSharp.torch.get_num_threads(), // this thread's: OpenMP's count belongs to the calling thread
        };
        // The structure metrics on the validation split come with the model: a few seconds after minutes of training.
        var (metrics, validationSpace) = StructureEvaluator.EvaluateWithSpace(model, train, validation, manifest.ClassNames, request.Training.Seed);
        cancellationToken.ThrowIfCancellationRequested(); // a cancel after the last batch still leaves no model
        var directory = store.Write(parameters, model, result, metrics);
        // Its validation set's latent space (the metrics' pass encoded it) goes with it, before the index lists it: the
        // explorer's first open reads it rather than encoding the images.
        ExplorableModel.KeepLatents(directory, validationSpace, dataset.Validation);
        index.Add(request.Run, modelName);
        LogFinished(request.Run, modelName, result.Final.Validation.Loss, result.Seconds);
        return ExperimentFolder.Read(directory);
    }

    public void Dispose()
    {
        lock (gate)
        {
            DisposeLoaded();
        }
    }

    private void DisposeLoaded()
    {
        foreach (var (_, train, validation, _) in loaded.Values)
        {
            train.Dispose();
            validation.Dispose();
        }

        loaded.Clear();
        replaced.ForEach(t => t.Dispose());
        replaced.Clear();
    }

    private (LabeledDataset Dataset, ImageTensors Train, ImageTensors Validation) Tensors(string name)
    {
        lock (gate)
        {
            // The manifest's time tells a folder replaced since it was loaded (the fetcher moved it to the official
            // split): the model must be trained, and its params must say it was, on what the folder holds now.
            var stamp = File.GetLastWriteTimeUtc(Path.Combine(catalog.Root, name, DatasetManifest.FileName));
            if (loaded.TryGetValue(name, out var entry) && entry.Stamp != stamp)
            {
                replaced.Add(entry.Train);
                replaced.Add(entry.Validation);
                loaded.Remove(name);
            }

            if (!loaded.TryGetValue(name, out entry))
            {
                var dataset = catalog.Load(name);
                entry = (dataset, ImageTensors.From(dataset.Train), ImageTensors.From(dataset.Validation), stamp);
                loaded[name] = entry;
            }

            running++; // under the same lock as the lookup: ReleaseIdleData cannot dispose an entry being handed out
            return (entry.Dataset, entry.Train, entry.Validation);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {Run}/{Model} on {Images} images")]
    private partial void LogStarting(string run, string model, int images);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trained {Run}/{Model}: val loss {Loss:F3} in {Seconds:F1} s")]
    private partial void LogFinished(string run, string model, double loss, double seconds);
}
