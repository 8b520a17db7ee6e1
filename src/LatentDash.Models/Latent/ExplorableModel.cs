using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Latent;

/// <summary>A trained model ready to explore: its network, its validation images encoded once into a latent space,
/// the PCA and raw projections of that space, and fast single-image decode and classify.</summary>
/// <remarks>Calls into the network are serialised by a lock: one decode takes well under a millisecond.</remarks>
public sealed class ExplorableModel : IDisposable
{
    private readonly VaeModel network;
    private readonly ImageSet validation;
    // Rows per forward pass of the batch calls: large enough to fill the GEMMs, small enough to bound the memory.
    private const int Batch = 256;

    private readonly Lock gate = new();

    private ExplorableModel(StoredExperiment experiment, VaeModel network, ImageSet validation, LatentSpace space)
    {
        Experiment = experiment;
        this.network = network;
        this.validation = validation;
        Space = space;
        Pca = PcaProjection.Fit(space);
        Raw = RawProjection.Fit(space);
    }

    public StoredExperiment Experiment { get; }

    public VaeConfig Config => network.Config;

    public LatentSpace Space { get; }

    public PcaProjection Pca { get; }

    public RawProjection Raw { get; }

    public bool HasClassifier => network.HasClassifier;

    public bool DecoderNeedsLabel => network.DecoderNeedsLabels;

    /// <summary>Pixels per image (C·H·W).</summary>
    public int ImageSize => Config.Channels * Config.Height * Config.Width;

    /// <summary>Loads the network from its folder and encodes <paramref name="validation"/> (whose ownership passes
    /// here: the tensors are disposed once encoded).</summary>
    public static ExplorableModel Load(string modelDirectory, ImageTensors validation, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(validation);
        using (validation)
        {
            ImageSet images;
            using (NewDisposeScope())
            {
                var shape = validation.Images.shape;
                images = new ImageSet(
                    validation.Images.mul(HeldScalars.ByteMax).round().to(ScalarType.Byte).data<byte>().ToArray(),
                    validation.Labels.to(ScalarType.Byte).data<byte>().ToArray(),
                    (int)shape[1], (int)shape[2], (int)shape[3]);
            }

            return Load(modelDirectory, images, network => LatentEncoder.Encode(network, validation, classNames));
        }
    }

    /// <summary>Loads the network from its folder with its latent space: read from the model's cache of encoded
    /// validation sets when it holds this set for these weights, else encoded (and kept there for the next open).</summary>
    /// <remarks>A read-only experiments folder only costs the cache: the space is encoded each time.</remarks>
    public static ExplorableModel Load(string modelDirectory, ValidationSet validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var classNames = validation.Manifest.ClassNames;
        var name = LatentsName(validation.Key);
        return Load(modelDirectory, validation.Images, network =>
        {
            if (AnalysisCache.TryReadBytes(modelDirectory, name, out var bytes) &&
                LatentSpaceFile.Read(bytes, network.Config.LatentDim, validation.Images.Labels, classNames) is { } cached)
            {
                return cached;
            }

            LatentSpace space;
            using (var tensors = ImageTensors.From(validation.Images))
            {
                space = LatentEncoder.Encode(network, tensors, classNames);
            }

            TryKeep(modelDirectory, name, space); // not kept: the next open encodes again
            // The encoding's batches leave their high-water mark in the malloc arena of the thread that ran it, which the
            // dashboard's allocator settings (run.sh) never shrink, and loads run on whichever pool thread is free, each
            // with its own arena: hand the freed pages back now (a few ms), as after a training job.
            NativeHeap.Trim();
            return space;
        });
    }

    /// <summary>Keeps <paramref name="space"/>, the latent space of <paramref name="validation"/> under a model just
    /// written to its folder, in the model's cache: the explorer's first open of it then reads the space instead of
    /// encoding the images (as <see cref="Load(string, ValidationSet)"/> would on a set of the same content). False when
    /// the folder does not take it (read-only): that first open encodes.</summary>
    public static bool KeepLatents(string modelDirectory, LatentSpace space, ImageSet validation)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(validation);
        return TryKeep(modelDirectory, LatentsName(ValidationSet.KeyOf(validation)), space);
    }

    private static string LatentsName(string validationKey) => "latents-" + validationKey;

    private static bool TryKeep(string modelDirectory, string name, LatentSpace space)
    {
        try
        {
            AnalysisCache.WriteBytes(modelDirectory, name, LatentSpaceFile.Write(space));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static ExplorableModel Load(string modelDirectory, ImageSet images, Func<VaeModel, LatentSpace> encode)
    {
        var experiment = ExperimentFolder.Read(modelDirectory);
        var network = ExperimentFolder.LoadModel(modelDirectory);
        try
        {
            return new ExplorableModel(experiment, network, images, encode(network));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public ILatentProjection Projection(ProjectionKind kind) => kind switch
    {
        ProjectionKind.Pca => Pca,
        ProjectionKind.Raw => Raw,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown projection"),
    };

    /// <summary>What the explorer's URL values are checked against once this model is open.</summary>
    public ModelShape Shape => new(Config.LatentDim, Config.ClassCount, DecoderNeedsLabel, Space.Count);

    /// <summary>True once disposed: the cache's memory bound is observable through it.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Decodes one latent vector to pixels in [0,1]; <paramref name="label"/> is used by a conditioned decoder.</summary>
    public float[] Decode(ReadOnlySpan<double> z, int? label = null)
    {
        if (z.Length != Config.LatentDim)
        {
            throw new ArgumentException($"expected {Config.LatentDim} latent values, got {z.Length}", nameof(z));
        }

        if (DecoderNeedsLabel && label is { } l && (l < 0 || l >= Config.ClassCount))
        {
            // one_hot would throw deep in native code; say what is wrong instead.
            throw new ArgumentOutOfRangeException(nameof(label), label, $"this decoder knows classes 0..{Config.ClassCount - 1}");
        }

        var values = z.ToArray().Select(v => (float)v).ToArray();
        lock (gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var labels = DecoderNeedsLabel ? tensor(new long[] { label ?? 0 }) : null;
            return network.Decode(tensor(values).reshape(1, values.Length), labels).clamp(HeldScalars.Zero, HeldScalars.One).data<float>().ToArray();
        }
    }

    /// <summary>Decodes many latent vectors (row-major, count × latent dim) to pixels in [0,1] (count × C·H·W), in
    /// batches; a conditioned decoder decodes every row as <paramref name="label"/> (default class 0).</summary>
    public float[] DecodeMany(ReadOnlySpan<float> z, int? label = null)
    {
        var count = RowsOf(z);
        var labels = new int[count];
        labels.AsSpan().Fill(label ?? 0);
        return DecodeMany(z, labels);
    }

    /// <summary>Decodes many latent vectors, each row with its own class for a conditioned decoder.</summary>
    public float[] DecodeMany(ReadOnlySpan<float> z, ReadOnlySpan<int> labels)
    {
        var count = RowsOf(z);
        if (labels.Length != count)
        {
            throw new ArgumentException($"{labels.Length} labels for {count} latent vectors", nameof(labels));
        }

        foreach (var l in labels)
        {
            if (DecoderNeedsLabel && (l < 0 || l >= Config.ClassCount))
            {
                throw new ArgumentOutOfRangeException(nameof(labels), l, $"this decoder knows classes 0..{Config.ClassCount - 1}");
            }
        }

        var output = new float[count * ImageSize];
        var values = z.ToArray();
        var classes = labels.ToArray().Select(l => (long)l).ToArray();
        lock (gate)
        {
            for (var start = 0; start < count; start += Batch)
            {
                var n = Math.Min(Batch, count - start);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var rows = tensor(values.AsSpan(start * Config.LatentDim, n * Config.LatentDim).ToArray()).reshape(n, Config.LatentDim);
                var batchLabels = DecoderNeedsLabel ? tensor(classes.AsSpan(start, n).ToArray()) : null;
                network.Decode(rows, batchLabels).clamp(HeldScalars.Zero, HeldScalars.One).data<float>().CopyTo(output.AsSpan(start * ImageSize, n * ImageSize));
            }
        }

        return output;
    }

    /// <summary>The classifier branch's class probabilities for many images (count × C·H·W pixels), count × classes;
    /// null without a branch.</summary>
    public float[]? ClassProbabilitiesMany(ReadOnlySpan<float> pixels)
    {
        if (!HasClassifier)
        {
            return null;
        }

        if (pixels.Length % ImageSize != 0)
        {
            throw new ArgumentException($"{pixels.Length} values are not whole images of {ImageSize} pixels", nameof(pixels));
        }

        var count = pixels.Length / ImageSize;
        var output = new float[count * Config.ClassCount];
        var values = pixels.ToArray();
        lock (gate)
        {
            for (var start = 0; start < count; start += Batch)
            {
                var n = Math.Min(Batch, count - start);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var images = tensor(values.AsSpan(start * ImageSize, n * ImageSize).ToArray()).reshape(n, Config.Channels, Config.Height, Config.Width);
                network.ClassProbabilities(images)!.data<float>().CopyTo(output.AsSpan(start * Config.ClassCount, n * Config.ClassCount));
            }
        }

        return output;
    }

    /// <summary>Runs <paramref name="work"/> with the network itself, alone (no decode runs meanwhile), in eval mode:
    /// for computations that need autograd through it (counterfactuals) or its parts. The caller owns its dispose
    /// scope and must not keep the network.</summary>
    public T UseNetwork<T>(Func<VaeModel, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            return work(network);
        }
    }

    /// <summary>The classifier branch's class probabilities for an image (re-encoded), or null without a branch.</summary>
    public float[]? ClassProbabilities(ReadOnlySpan<float> pixels)
    {
        if (!HasClassifier)
        {
            return null;
        }

        var values = pixels.ToArray();
        lock (gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var image = tensor(values).reshape(1, Config.Channels, Config.Height, Config.Width);
            return network.ClassProbabilities(image)!.data<float>().ToArray();
        }
    }

    /// <summary>A validation image's pixels in [0,1].</summary>
    public float[] InputImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Space.Count);
        return [.. validation.Pixels.AsSpan(index * validation.ImageSize, validation.ImageSize).ToArray().Select(b => b / 255f)];
    }

    /// <summary>The reconstruction of a validation image: its μ decoded.</summary>
    public float[] Reconstruction(int index) => Decode(Space.MuOf(index), Space.Labels[index]);

    private int RowsOf(ReadOnlySpan<float> z)
    {
        if (z.Length % Config.LatentDim != 0)
        {
            throw new ArgumentException($"{z.Length} values are not whole latent vectors of {Config.LatentDim}", nameof(z));
        }

        return z.Length / Config.LatentDim;
    }

    public void Dispose()
    {
        IsDisposed = true;
        network.Dispose();
    }
}
