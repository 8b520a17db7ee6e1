namespace LatentDash.Models.Experiments;

/// <summary>Reads a model folder into an index entry; an unreadable folder becomes a Broken entry that says why.</summary>
internal static class ExperimentEntryFactory
{
    public static ExperimentEntry FromFolder(string run, string model, string directory)
    {
        var entry = new ExperimentEntry
        {
            Id = $"{run}/{model}",
            Run = run,
            Model = model,
            Path = directory,
            Stamp = Stamp(directory),
            Version = ExperimentEntry.CurrentVersion,
        };
        try
        {
            var stored = ExperimentFolder.Read(directory);
            var p = stored.Params;
            entry.Architecture = p.Vae.Architecture;
            entry.Dataset = p.Vae.Dataset;
            entry.DatasetSplit = p.DatasetSplitOrInferred ?? "";
            entry.DatasetSource = p.DatasetSource ?? Data.DatasetSplits.InferredSource(p.Vae.Dataset) ?? "";
            entry.ClassLossWeight = (p.Vae as Networks.BranchedVaeConfig)?.ClassLossWeight;
            entry.LatentDim = p.Vae.LatentDim;
            entry.Beta = p.Vae.Beta;
            entry.Seed = p.Training.Seed;
            entry.Epochs = p.Training.Epochs;
            entry.BatchSize = p.Training.BatchSize;
            entry.TorchThreads = p.TorchThreads;
            entry.LearningRate = p.Training.LearningRate;
            entry.Hyperparameters = p.Flatten().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            entry.Created = p.Created.UtcDateTime;
            entry.Status = ExperimentStatus.Complete;
            entry.EpochsRun = stored.Summary.EpochsRun;
            entry.TrainLoss = stored.Summary.Train.Loss;
            entry.ValidationLoss = stored.Summary.Validation.Loss;
            entry.ValidationReconstruction = stored.Summary.Validation.Reconstruction;
            entry.ValidationKl = stored.Summary.Validation.Kl;
            entry.ValidationClassLoss = stored.Summary.Validation.ClassLoss;
            entry.ValidationAccuracy = stored.Summary.Validation.Accuracy;
            if (stored.Summary.Metrics is { } metrics)
            {
                entry.MetricsVersion = metrics.Version;
                entry.PsnrOfMean = metrics.Reconstruction.PsnrOfMean;
                entry.NegativeElbo = metrics.Reconstruction.NegativeElbo;
                entry.ActiveUnits = metrics.ActiveUnits.Count;
                entry.LinearProbeAccuracy = metrics.LinearProbeAccuracy;
                entry.NearestNeighbourAccuracy = metrics.NearestNeighbourAccuracy;
                entry.Silhouette = metrics.Silhouette.Score;
                entry.SilhouetteSample = metrics.Silhouette.SampleSize;
                entry.Mig = metrics.Mig.Value;
                entry.MigBins = metrics.Mig.Bins;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            entry.Status = ExperimentStatus.Broken;
            entry.Error = ex.Message;
            entry.Created = Directory.Exists(directory) ? Directory.GetCreationTimeUtc(directory) : DateTime.UtcNow;
        }

        return entry;
    }

    /// <summary>Changes whenever params.json or summary.json is rewritten.</summary>
    public static long Stamp(string directory)
    {
        long Ticks(string file)
        {
            // A directory where the file should be has a time too: a broken folder is re-read when it changes.
            var path = Path.Combine(directory, file);
            return File.Exists(path) ? File.GetLastWriteTimeUtc(path).Ticks
                : Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path).Ticks
                : 0;
        }

        return Math.Max(Ticks(ExperimentFolder.ParamsFile), Ticks(ExperimentFolder.SummaryFile));
    }
}
