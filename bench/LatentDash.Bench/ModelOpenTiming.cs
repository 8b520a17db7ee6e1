using System.Diagnostics;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;

namespace LatentDash.Bench;

/// <summary>Where a cold open of a model goes on the server, phase by phase: the steps
/// <see cref="ExplorableModel.Load(string, ValidationSet)"/> takes for a model whose latents are not cached (read the
/// folder, load the weights, the validation images as a tensor, encode them, trim the native heap, write the latents file, fit the PCA and the
/// raw ranges) and, for comparison, the read of the cached latents a later open does instead.</summary>
internal static class ModelOpenTiming
{
    public static void Run(string modelDirectory, string dataRoot, int repeats)
    {
        var catalog = new DatasetCatalog(dataRoot);
        var parameters = ExperimentFolder.ReadParams(modelDirectory);
        var clock = Stopwatch.StartNew();
        var set = new ValidationSets(catalog).Get(catalog.TrainedOn(parameters.Vae.Dataset, parameters.DatasetSplit));
        Console.WriteLine($"validation set read once per process: {clock.Elapsed.TotalMilliseconds:F0} ms ({set.Images.Count} images)");
        string[] names = ["read folder", "load weights", "images → tensor", "encode", "trim", "latents → bytes", "PCA fit", "raw fit", "total (encoded)", "latents from bytes"];
        var samples = names.ToDictionary(n => n, _ => new List<double>());
        for (var repeat = 0; repeat <= repeats; repeat++)
        {
            var times = new List<double>();
            clock.Restart();
            void Lap()
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
            }

            _ = ExperimentFolder.Read(modelDirectory);
            Lap();
            using var network = ExperimentFolder.LoadModel(modelDirectory);
            Lap();
            using var tensors = ImageTensors.From(set.Images);
            Lap();
            var space = LatentEncoder.Encode(network, tensors, set.Manifest.ClassNames);
            Lap();
            NativeHeap.Trim();
            Lap();
            var bytes = LatentSpaceFile.Write(space);
            Lap();
            _ = PcaProjection.Fit(space);
            Lap();
            _ = RawProjection.Fit(space);
            Lap();
            times.Add(times.Sum());
            _ = LatentSpaceFile.Read(bytes, network.Config.LatentDim, set.Images.Labels, set.Manifest.ClassNames);
            Lap();
            if (repeat == 0)
            {
                // The first pass also compiles the code and creates libtorch's kernels for these shapes.
                Console.WriteLine($"first pass in this process: {string.Join(", ", names.Zip(times, (n, t) => $"{n} {t:F1}"))}");
                continue;
            }

            for (var i = 0; i < names.Length; i++)
            {
                samples[names[i]].Add(times[i]);
            }
        }

        Console.WriteLine($"cold open of {Path.GetFileName(modelDirectory)} on the server (ms; median [min..max] of {repeats} after one warm-up)");
        foreach (var name in names)
        {
            Console.WriteLine($"  {name,-20} {Stats.Describe(samples[name], "F1")}");
        }
    }
}
