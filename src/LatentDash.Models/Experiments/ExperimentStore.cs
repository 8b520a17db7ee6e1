using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Models.Experiments;

/// <summary>The experiments folder, experiments/&lt;run&gt;/&lt;model&gt;/: the truth the index is built from.</summary>
/// <remarks>A model is written into a hidden temporary folder and renamed into place only when complete, so a crash
/// never leaves a half-written model that looks finished. Names are validated and resolved under the root only.</remarks>
public sealed class ExperimentStore
{
    private const string TempPrefix = ".tmp-";

    public ExperimentStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The folder of a model; both names are validated first.</summary>
    public string ModelDirectory(string run, string model) =>
        Path.Combine(Root, ExperimentNames.Require(run, "run name"), ExperimentNames.Require(model, "model name"));

    public bool Exists(string run, string model) => Directory.Exists(ModelDirectory(run, model));

    /// <summary>Picks a free model name for <paramref name="config"/> in <paramref name="run"/>.</summary>
    public string NewModelName(string run, VaeConfig config, DateTimeOffset now) =>
        ModelNameGenerator.Create(config, now, name => Exists(run, name));

    /// <summary>Writes a trained model atomically and returns its folder.</summary>
    /// <exception cref="IOException">A model of that name already exists.</exception>
    public string Write(ExperimentParams parameters, VaeModel model, TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var target = ModelDirectory(parameters.Run, parameters.Model);
        var runDirectory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(runDirectory);
        var temp = Path.Combine(runDirectory, $"{TempPrefix}{parameters.Model}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            ExperimentFolder.WriteAll(temp, parameters, model, result);
            if (Directory.Exists(target))
            {
                throw new IOException($"model {parameters.Run}/{parameters.Model} already exists at {target}");
            }

            Directory.Move(temp, target);
            return target;
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    public StoredExperiment Read(string run, string model) => ExperimentFolder.Read(ModelDirectory(run, model));

    public VaeModel LoadModel(string run, string model) => ExperimentFolder.LoadModel(ModelDirectory(run, model));

    /// <summary>Every complete model folder as (run, model, folder); temporary and badly named folders are skipped.</summary>
    public IEnumerable<(string Run, string Model, string Directory)> EnumerateModels()
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var runDirectory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var run = Path.GetFileName(runDirectory);
            if (!ExperimentNames.IsValid(run) || run.StartsWith('.'))
            {
                continue;
            }

            foreach (var modelDirectory in Directory.EnumerateDirectories(runDirectory).Order(StringComparer.Ordinal))
            {
                var model = Path.GetFileName(modelDirectory);
                if (ExperimentNames.IsValid(model) && !model.StartsWith('.')
                    && File.Exists(Path.Combine(modelDirectory, ExperimentFolder.ParamsFile)))
                {
                    yield return (run, model, modelDirectory);
                }
            }
        }
    }

    /// <summary>Removes temporary folders left by a crash that are older than <paramref name="minimumAge"/> (another
    /// process may still be writing a younger one); returns how many.</summary>
    public int RemoveLeftovers(TimeSpan minimumAge)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var runDirectory in Directory.EnumerateDirectories(Root))
        {
            foreach (var temp in Directory.EnumerateDirectories(runDirectory, TempPrefix + "*"))
            {
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(temp) < minimumAge)
                {
                    continue;
                }

                Directory.Delete(temp, recursive: true);
                removed++;
            }
        }

        return removed;
    }
}
