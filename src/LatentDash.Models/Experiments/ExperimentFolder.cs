using System.Globalization;
using System.Text;
using System.Text.Json;
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
    public static void WriteAll(string directory, ExperimentParams parameters, VaeModel model, TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(result);
        model.SaveWeights(directory);
        WriteJson(Path.Combine(directory, ParamsFile), parameters);
        File.WriteAllText(Path.Combine(directory, ParamsTextFile), ParamsText(parameters));
        WriteJson(Path.Combine(directory, HistoryFile), result.History);
        var counts = model.Parts.ToDictionary(p => p.Name, p => model.TrainableParameterCount(p.Name));
        WriteJson(Path.Combine(directory, SummaryFile), ExperimentSummary.From(result, counts));
    }

    /// <summary>Reads params, history and summary; an error names the missing or bad file.</summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or not what it should be.</exception>
    public static StoredExperiment Read(string directory)
    {
        var parameters = ReadJson<ExperimentParams>(directory, ParamsFile);
        var history = ReadJson<List<EpochMetrics>>(directory, HistoryFile);
        var summary = ReadJson<ExperimentSummary>(directory, SummaryFile);
        return new StoredExperiment(directory, parameters, history, summary);
    }

    /// <summary>Reads only params.json.</summary>
    public static ExperimentParams ReadParams(string directory) => ReadJson<ExperimentParams>(directory, ParamsFile);

    /// <summary>Builds the model the folder describes and loads its weights: the folder is all it needs.</summary>
    public static VaeModel LoadModel(string directory)
    {
        var parameters = ReadParams(directory);
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

    private static void WriteJson<T>(string path, T value) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, ExperimentJson.Options));

    private static T ReadJson<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
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
    }

    private static string ParamsText(ExperimentParams parameters)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"run: {parameters.Run}");
        text.AppendLine(CultureInfo.InvariantCulture, $"model: {parameters.Model}");
        text.AppendLine(CultureInfo.InvariantCulture, $"created: {parameters.Created:O}");
        foreach (var (key, value) in parameters.Flatten())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}: {value}");
        }

        return text.ToString();
    }
}
