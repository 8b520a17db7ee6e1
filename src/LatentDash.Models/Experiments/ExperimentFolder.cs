using System.Globalization;
using System.Text;
using System.Text.Json;
using LatentDash.Models.Analysis;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Models.Experiments;

/// <summary>The layout of one model folder, the same for every architecture: a weights file per part
/// (encoder.dat, decoder.dat, classifier.dat), params.json, params.txt, history.json and summary.json.</summary>
public static class ExperimentFolder
{
    public const string ParamsFile = "params.json";
    public const string ParamsTextFile = "params.txt";
    public const string HistoryFile = "history.json";
    public const string SummaryFile = "summary.json";

    /// <summary>Writes every file of a model folder into <paramref name="directory"/> (which must exist).</summary>
    public static void WriteAll(
        string directory, ExperimentParams parameters, VaeModel model, TrainingResult result, StructureMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(result);
        model.SaveWeights(directory);
        WriteJson(Path.Combine(directory, ParamsFile), parameters);
        File.WriteAllText(Path.Combine(directory, ParamsTextFile), ParamsText(parameters));
        WriteJson(Path.Combine(directory, HistoryFile), result.History);
        var counts = model.Parts.ToDictionary(p => p.Name, p => model.TrainableParameterCount(p.Name));
        var sizes = model.Parts.ToDictionary(
            p => WeightsFile(p.Name), p => new FileInfo(Path.Combine(directory, WeightsFile(p.Name))).Length, StringComparer.Ordinal);
        WriteJson(Path.Combine(directory, SummaryFile), ExperimentSummary.From(result, counts, sizes) with { Metrics = metrics });
    }

    /// <summary>The weights file of a part: encoder.dat, decoder.dat, classifier.dat.</summary>
    public static string WeightsFile(string part) => part + ".dat";

    /// <summary>Reads params, history and summary and checks the weights files are there, whole; an error names the
    /// missing or bad file.</summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or not what it should be.</exception>
    /// <exception cref="FileNotFoundException">A weights file is missing (as <see cref="LoadModel"/> reports it).</exception>
    public static StoredExperiment Read(string directory)
    {
        var parameters = ReadParams(directory);
        var history = ReadHistory(directory);
        var summary = ReadJson<ExperimentSummary>(directory, SummaryFile);
        // JSON null passes the deserializer's "required" check: a null section must fail here, by name, not as a
        // NullReferenceException wherever it is first used.
        Require(summary.Train, directory, SummaryFile, "train");
        Require(summary.Validation, directory, SummaryFile, "validation");
        Require(summary.Parameters, directory, SummaryFile, "parameters");
        CheckWeights(directory, summary, missingIsAnError: true);
        return new StoredExperiment(directory, parameters, history, summary);
    }

    /// <summary>Reads only history.json: one entry per epoch run.</summary>
    /// <exception cref="InvalidDataException">It is missing, unreadable, or holds a null epoch.</exception>
    public static IReadOnlyList<EpochMetrics> ReadHistory(string directory)
    {
        var history = ReadJson<List<EpochMetrics>>(directory, HistoryFile);
        if (history.Any(h => h is null))
        {
            throw new InvalidDataException($"{Path.Combine(directory, HistoryFile)} holds a null epoch");
        }

        return history;
    }

    /// <summary>Reads only params.json.</summary>
    /// <exception cref="InvalidDataException">It is missing, unreadable, or a section is null.</exception>
    public static ExperimentParams ReadParams(string directory)
    {
        var parameters = ReadJson<ExperimentParams>(directory, ParamsFile);
        Require(parameters.Vae, directory, ParamsFile, "vae");
        Require(parameters.Training, directory, ParamsFile, "training");
        Require(parameters.Run, directory, ParamsFile, "run");
        Require(parameters.Model, directory, ParamsFile, "model");
        Require(parameters.Vae.Dataset, directory, ParamsFile, "vae.dataset");
        return parameters;
    }

    /// <summary>Builds the model the folder describes and loads its weights: the folder is all it needs.</summary>
    public static VaeModel LoadModel(string directory)
    {
        var parameters = ReadParams(directory);
        if (File.Exists(Path.Combine(directory, SummaryFile)))
        {
            // A truncated weights file may load without complaint (the reader takes what is there): check its size
            // against the summary first, so the error names the file instead of a model that decodes noise.
            var summary = ReadJson<ExperimentSummary>(directory, SummaryFile);
            if (summary.Parameters is not null)
            {
                CheckWeights(directory, summary, missingIsAnError: false); // LoadWeights names a missing one
            }
        }

        var model = parameters.Vae.CreateModel();
        try
        {
            model.LoadWeights(directory);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Every weights file the summary lists must be there, and as long as it was written: a truncated copy
    /// (a crash mid-copy, a full disk) makes the folder broken, not a crash at load.</summary>
    private static void CheckWeights(string directory, ExperimentSummary summary, bool missingIsAnError)
    {
        foreach (var part in summary.Parameters.Keys)
        {
            var path = Path.Combine(directory, WeightsFile(part));
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                if (missingIsAnError)
                {
                    throw new FileNotFoundException($"weights file {path} is missing", path);
                }

                continue;
            }

            if (summary.WeightBytes is { } sizes && sizes.TryGetValue(WeightsFile(part), out var expected) && file.Length != expected)
            {
                throw new InvalidDataException($"{path} is {file.Length} bytes, {expected} were written: truncated or replaced");
            }
        }
    }

    private static void Require<T>(T? value, string directory, string file, string section)
    {
        if (value is null)
        {
            throw new InvalidDataException($"{Path.Combine(directory, file)} has no '{section}' (null or missing)");
        }
    }

    /// <summary>Replaces summary.json with one that carries <paramref name="metrics"/>, atomically and durably; the
    /// other files are not touched.</summary>
    public static void WriteMetrics(string directory, StructureMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var summary = ReadJson<ExperimentSummary>(directory, SummaryFile);
        Storage.AtomicFiles.WriteAllText(
            Path.Combine(directory, SummaryFile), JsonSerializer.Serialize(summary with { Metrics = metrics }, ExperimentJson.Options));
    }

    private static void WriteJson<T>(string path, T value) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, ExperimentJson.Options));

    private static T ReadJson<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path} is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} is missing");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), ExperimentJson.Options)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new InvalidDataException($"{path} is not valid: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            // Deleted while read, or a read error: the folder is broken for now, not the caller.
            throw new InvalidDataException($"{path} cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidDataException($"{path} cannot be read: {ex.Message}", ex);
        }
    }

    private static string ParamsText(ExperimentParams parameters)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"run: {parameters.Run}");
        text.AppendLine(CultureInfo.InvariantCulture, $"model: {parameters.Model}");
        text.AppendLine(CultureInfo.InvariantCulture, $"created: {parameters.Created:O}");
        if (parameters.TorchThreads is { } threads)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"torch_threads: {threads}");
        }

        foreach (var (key, value) in parameters.Flatten())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}: {value}");
        }

        return text.ToString();
    }
}
