using LatentDash.Models.Experiments;
using LatentDash.Models.Storage;

namespace LatentDash.Models.Data;

/// <summary>The datasets under a data root, one folder each with a manifest.json and four IDX files.</summary>
public sealed class DatasetCatalog(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Names of the folders that hold a manifest, sorted. Hidden folders (a conversion in progress or a
    /// crash's leftover, ".fashion~…~.tmp", which may hold a manifest too) are never datasets.</summary>
    public IReadOnlyList<string> Names() => Directory.Exists(Root)
        ? [.. Directory.EnumerateDirectories(Root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(Exists)
            .Order(StringComparer.Ordinal)]
        : [];

    public bool Exists(string name) =>
        ExperimentNames.IsValid(name) && !name.StartsWith('.') && File.Exists(Path.Combine(Root, name, DatasetManifest.FileName));

    /// <summary>Why no model can be trained on <paramref name="name"/>: it is neither a dataset here nor a built-in one
    /// (which a job fetches); null when it is either.</summary>
    public string? UnavailableProblem(string name) => Exists(name) || BuiltInDatasets.Find(name) is not null
        ? null
        : $"dataset '{Limits.Echo(name)}' is not available; known: {string.Join(", ", Names().Union(BuiltInDatasets.All.Select(d => d.Name)).Order(StringComparer.Ordinal))}";

    /// <summary>Removes the temporary and replaced dataset folders (".&lt;name&gt;…tmp", ".&lt;name&gt;…old") whose
    /// writer has ended; returns how many.</summary>
    public int RemoveLeftovers(TimeSpan foreignMinimumAge) =>
        Leftovers.Remove([.. Leftovers.Find(Root, ".*.tmp"), .. Leftovers.Find(Root, ".*.old")], foreignMinimumAge);

    /// <summary>Loads and checks a dataset; every problem is a <see cref="DatasetFormatException"/> naming the file.</summary>
    public LabeledDataset Load(string name) => LoadFolder(Path.Combine(Root, ExperimentNames.Require(name, "dataset")));

    /// <summary>Loads and checks the dataset in any folder (a fetch checks its new folder this way before it moves it
    /// into place); every problem is a <see cref="DatasetFormatException"/> naming the file.</summary>
    public static LabeledDataset LoadFolder(string directory)
    {
        var manifest = DatasetManifest.Load(directory);
        return new LabeledDataset(
            manifest,
            LoadSplit(directory, manifest, manifest.TrainImages, manifest.TrainLabels),
            LoadSplit(directory, manifest, manifest.ValidationImages, manifest.ValidationLabels));
    }

    /// <summary>How many training images a dataset holds (its training label file, read without the images).</summary>
    public int TrainingCount(string name)
    {
        var directory = Path.Combine(Root, ExperimentNames.Require(name, "dataset"));
        var manifest = DatasetManifest.Load(directory);
        return IdxFile.ReadLabels(Path.Combine(directory, manifest.TrainLabels)).Length;
    }

    /// <summary>The split a dataset's manifest records (or, for a folder converted before splits were recorded, the one
    /// it is known to have); null when the dataset is missing, unreadable or says nothing.</summary>
    public string? SplitOf(string name)
    {
        if (!Exists(name))
        {
            return null;
        }

        try
        {
            return DatasetManifest.Load(Path.Combine(Root, name)).SplitOrInferred;
        }
        catch (Exception ex) when (ex is DatasetFormatException or IOException or UnauthorizedAccessException)
        {
            return null; // a page label, not a check: the dataset's own load reports the problem
        }
    }

    /// <summary>The dataset folder a model's validation images come from: the model's own dataset, except for a model
    /// trained on a built-in dataset in the npm pool's seeded split (<paramref name="recordedSplit"/> seeded, or null: not recorded) once that
    /// dataset moved to the official split and its old folder was kept aside (<see cref="BuiltInDataset.LegacyName"/>):
    /// such a model keeps exploring the images it was validated on, not test images it may have trained on.</summary>
    public string TrainedOn(string dataset, string? recordedSplit) =>
        recordedSplit is (null or DatasetSplits.Seeded) && BuiltInDatasets.Find(dataset) is { } builtIn && Exists(builtIn.LegacyName) ? builtIn.LegacyName : dataset;

    /// <summary>Loads only the manifest and the validation split (what the explorer encodes).</summary>
    public (DatasetManifest Manifest, ImageSet Validation) LoadValidation(string name)
    {
        var directory = Path.Combine(Root, ExperimentNames.Require(name, "dataset"));
        var manifest = DatasetManifest.Load(directory);
        return (manifest, LoadSplit(directory, manifest, manifest.ValidationImages, manifest.ValidationLabels));
    }

    private static ImageSet LoadSplit(string directory, DatasetManifest manifest, string imageFile, string labelFile)
    {
        var imagePath = Path.Combine(directory, imageFile);
        var labelPath = Path.Combine(directory, labelFile);
        var (count, channels, rows, columns, pixels) = IdxFile.ReadImages(imagePath);
        if (channels != manifest.Channels || rows != manifest.Height || columns != manifest.Width)
        {
            throw new DatasetFormatException(imagePath,
                $"images are {channels}x{rows}x{columns} but the manifest says {manifest.Channels}x{manifest.Height}x{manifest.Width}");
        }

        var labels = IdxFile.ReadLabels(labelPath);
        if (labels.Length != count)
        {
            throw new DatasetFormatException(labelPath, $"{labels.Length} labels for {count} images in {imageFile}");
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= manifest.ClassNames.Count)
            {
                throw new DatasetFormatException(labelPath,
                    $"label {labels[i]} at index {i} is outside the {manifest.ClassNames.Count} classes of the manifest");
            }
        }

        return new ImageSet(pixels, labels, channels, rows, columns);
    }
}
