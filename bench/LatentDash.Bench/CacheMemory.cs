using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;

namespace LatentDash.Bench;

/// <summary>The process's memory as the explorer fills its model cache: every model folder under a root opened the way
/// the dashboard's cache opens one (on thread-pool threads, two at a time by default, each encoding the validation set
/// when its latents are not cached) and kept, with the resident set size before, after the opens, after a full garbage
/// collection, and after the native heap is trimmed (what those opens left free but not returned to the system).</summary>
internal static class CacheMemory
{
    public static void Run(string modelsRoot, string dataRoot, int concurrency)
    {
        var catalog = new DatasetCatalog(dataRoot);
        var sets = new ValidationSets(catalog);
        var directories = Directory.GetDirectories(modelsRoot).Where(d => File.Exists(Path.Combine(d, "params.json"))).Order(StringComparer.Ordinal).ToArray();
        Console.WriteLine($"{directories.Length} models under {modelsRoot}, {concurrency} opens at a time; GLIBC_TUNABLES={Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "unset"}");
        Console.WriteLine($"  RSS at start            {Rss():F0} MB");
        // As the cache reads it: the validation set a model was trained on, read once per dataset.
        ValidationSet SetOf(string directory)
        {
            var parameters = ExperimentFolder.ReadParams(directory);
            return sets.Get(catalog.TrainedOn(parameters.Vae.Dataset, parameters.DatasetSplit));
        }

        Console.WriteLine($"  validation set read     {Rss():F0} MB ({SetOf(directories[0]).Images.Count} images)");
        var models = new List<ExplorableModel>();
        var gate = new Lock();
        var peak = 0.0;
        void Open(string directory)
        {
            var model = ExplorableModel.Load(directory, SetOf(directory));
            lock (gate)
            {
                models.Add(model);
                peak = Math.Max(peak, Rss());
            }
        }

        // As the dashboard's cache does: on pool threads, a few at a time.
        Parallel.ForEach(directories, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, Open);
        Console.WriteLine($"  {models.Count} models open        {Rss():F0} MB (peak seen between opens {peak:F0} MB)");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine($"  after a full GC         {Rss():F0} MB");
        NativeHeap.Trim();
        Console.WriteLine($"  after a heap trim      {Rss():F0} MB");
        foreach (var model in models)
        {
            model.Dispose();
        }
    }

    private static double Rss() => Environment.WorkingSet / 1e6;
}
