using System.Collections.Concurrent;
using System.Security.Cryptography;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;

namespace LatentDash.Jobs.Analysis;

/// <summary>The latent means of every training image of a model's dataset (the split it was trained on), for the
/// explorer's density view: encoded by the background runner in batches, and kept next to the model exactly like the
/// encoded validation set (<c>analysis/latents-&lt;set key&gt;.&lt;weights key&gt;.bin</c>), so a second open only reads
/// a file and new weights never meet old latents.</summary>
/// <remarks>The network is loaded on its own (a few hundred KB of weights): encoding 60,000 images takes seconds, and
/// the explorer's decodes on the shared model must not wait behind it.</remarks>
public sealed class TrainingLatents(AnalysisRunner runner, ExperimentStore store, DatasetCatalog catalog)
{
    // The key of a training set is a hash of its files; remembered per file state, so an open with the latents on disk
    // reads the labels and the cache file and nothing else.
    private readonly ConcurrentDictionary<string, (string Stamp, string Key)> keys = new(StringComparer.Ordinal);

    public static string KeyOf(string run, string model) => $"train-latents:{run}/{model}";

    /// <summary>The cache name of a training set's latents (a model folder's analysis/ holds it once per weights).</summary>
    public static string CacheName(string setKey) => "latents-" + setKey;

    /// <summary>The computation for this model that is queued or running, if any.</summary>
    public AnalysisTicket<LatentSpace>? Running(string run, string model) => runner.Find<LatentSpace>(KeyOf(run, model));

    /// <summary>Queues the computation (or returns the one already queued): read from the model's cache when it holds
    /// this training set for these weights, else encoded and kept there.</summary>
    /// <exception cref="ArgumentException">A name breaks the naming rule (nothing is queued).</exception>
    public AnalysisTicket<LatentSpace> Compute(string run, string model)
    {
        ExperimentNames.Require(run, "run");
        ExperimentNames.Require(model, "model");
        return runner.Enqueue(KeyOf(run, model), (progress, token) => Load(run, model, progress, token));
    }

    /// <summary>The computation itself, on the caller's thread (the runner's, or a test's).</summary>
    public LatentSpace Load(string run, string model, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var stored = store.Read(run, model);
        var dataset = catalog.TrainedOn(stored.Params.Vae.Dataset, stored.Params.DatasetSplit);
        var directory = Path.Combine(catalog.Root, ExperimentNames.Require(dataset, "dataset"));
        var manifest = DatasetManifest.Load(directory);
        var name = CacheName(SetKey(directory, manifest));
        var modelDirectory = store.ModelDirectory(run, model);
        var labels = IdxFile.ReadLabels(Path.Combine(directory, manifest.TrainLabels));
        if (AnalysisCache.TryReadBytes(modelDirectory, name, out var bytes) &&
            LatentSpaceFile.Read(bytes, stored.Params.Vae.LatentDim, labels, manifest.ClassNames) is { } cached)
        {
            progress.Report(1);
            return cached;
        }

        var images = catalog.Load(dataset).Train;
        cancellationToken.ThrowIfCancellationRequested();
        progress.Report(0.02);
        LatentSpace space;
        using (var network = store.LoadModel(run, model))
        {
            space = LatentEncoder.Encode(network, images, manifest.ClassNames, new Scaled(progress), cancellationToken);
        }

        try
        {
            AnalysisCache.WriteBytes(modelDirectory, name, LatentSpaceFile.Write(space));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only experiments folder only costs the cache: the next open encodes again.
        }

        progress.Report(1);
        return space;
    }

    private string SetKey(string directory, DatasetManifest manifest)
    {
        var files = new[] { manifest.TrainImages, manifest.TrainLabels }.Select(f => new FileInfo(Path.Combine(directory, f))).ToArray();
        var stamp = string.Join('|', files.Select(f => $"{f.FullName}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        if (keys.TryGetValue(directory, out var known) && known.Stamp == stamp)
        {
            return known.Key;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            using var stream = file.OpenRead();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        var key = "train-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
        keys[directory] = (stamp, key);
        return key;
    }

    // Loading the images takes the first few percent; encoding the rest.
    private sealed class Scaled(IProgress<double> progress) : IProgress<double>
    {
        public void Report(double value) => progress.Report(0.02 + (0.97 * value));
    }
}
