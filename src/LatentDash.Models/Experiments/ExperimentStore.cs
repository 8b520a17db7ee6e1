using LatentDash.Models.Analysis;
using LatentDash.Models.Networks;
using LatentDash.Models.Storage;
using LatentDash.Models.Training;

namespace LatentDash.Models.Experiments;

/// <summary>The experiments folder, experiments/&lt;run&gt;/&lt;model&gt;/: the truth the index is built from.</summary>
/// <remarks>A model is written into a hidden temporary folder and renamed into place only when complete, so a crash
/// never leaves a half-written model that looks finished. Names are validated and resolved under the root only.</remarks>
public sealed class ExperimentStore
{
    private const string TempPrefix = ".tmp-";

    private static readonly EnumerationOptions Listing = new() { IgnoreInaccessible = true, AttributesToSkip = 0 };

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

    /// <summary>Writes a trained model atomically and durably and returns its folder.</summary>
    /// <remarks>The temporary folder's name carries this process (<see cref="WriterStamp"/>), so a start after a crash
    /// removes it while a live writer's stays.</remarks>
    /// <exception cref="IOException">A model of that name already exists, or the disk refused a file (full, a size
    /// limit, no permission): the message names the model and the reason, and nothing of it is left on disk.</exception>
    public string Write(ExperimentParams parameters, VaeModel model, TrainingResult result, StructureMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var target = ModelDirectory(parameters.Run, parameters.Model);
        var runDirectory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(runDirectory);
        if (Directory.Exists(target))
        {
            throw new IOException($"model {parameters.Run}/{parameters.Model} already exists at {target}");
        }

        var temp = Path.Combine(runDirectory, $"{TempPrefix}{parameters.Model}{WriterStamp.Current}{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            ExperimentFolder.WriteAll(temp, parameters, model, result, metrics);
            AtomicFiles.MoveDirectory(temp, target);
            return target;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException is how .NET reports EFBIG (a file-size limit) from a write.
            Discard(temp);
            throw new IOException($"model {parameters.Run}/{parameters.Model} could not be saved to {target}: {ex.Message}", ex);
        }
        catch
        {
            Discard(temp);
            throw;
        }
    }

    public StoredExperiment Read(string run, string model) => ExperimentFolder.Read(ModelDirectory(run, model));

    public VaeModel LoadModel(string run, string model) => ExperimentFolder.LoadModel(ModelDirectory(run, model));

    /// <summary>Stores a model's structure metrics in its summary.json.</summary>
    public void WriteMetrics(string run, string model, StructureMetrics metrics) =>
        ExperimentFolder.WriteMetrics(ModelDirectory(run, model), metrics);

    /// <summary>Every model folder as (run, model, folder); temporary and badly named folders are skipped. A folder
    /// that holds params.json (even a broken one) is listed, so the index can show it as broken. Folders that vanish
    /// or cannot be read while listed are skipped, never an error.</summary>
    public IEnumerable<(string Run, string Model, string Directory)> EnumerateModels()
    {
        foreach (var runDirectory in ListDirectories(Root))
        {
            var run = Path.GetFileName(runDirectory);
            if (!ExperimentNames.IsValid(run) || run.StartsWith('.'))
            {
                continue;
            }

            foreach (var modelDirectory in ListDirectories(runDirectory))
            {
                var model = Path.GetFileName(modelDirectory);
                if (ExperimentNames.IsValid(model) && !model.StartsWith('.')
                    && Path.Exists(Path.Combine(modelDirectory, ExperimentFolder.ParamsFile)))
                {
                    yield return (run, model, modelDirectory);
                }
            }
        }
    }

    private static List<string> ListDirectories(string directory)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(directory, "*", Listing).Order(StringComparer.Ordinal)];
        }
        catch (DirectoryNotFoundException)
        {
            return []; // deleted meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Removes what a crashed writer left: temporary model folders (and temporary files) in the root and in
    /// every run folder. A stamped one goes when its writer on this host has ended; an unstamped one, or another
    /// host's, only once older than <paramref name="foreignMinimumAge"/>. Returns how many were removed.</summary>
    public int RemoveLeftovers(TimeSpan foreignMinimumAge)
    {
        var removed = Leftovers.Remove([.. Leftovers.Find(Root, ".*.tmp")], foreignMinimumAge);
        foreach (var runDirectory in Leftovers.Find(Root, "*").Where(Directory.Exists).ToList())
        {
            var candidates = Leftovers.Find(runDirectory, TempPrefix + "*").Concat(Leftovers.Find(runDirectory, ".*.tmp"));
            removed += Leftovers.Remove([.. candidates.Distinct(StringComparer.Ordinal)], foreignMinimumAge);
        }

        return removed;
    }

    private static void Discard(string temp)
    {
        try
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
        catch (IOException)
        {
            // The next start removes it (its writer will have ended); the save's own error is the one to report.
        }
        catch (UnauthorizedAccessException)
        {
            // as above
        }
    }
}
