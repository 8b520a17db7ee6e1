using System.Diagnostics;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Bench;

/// <summary>Times the structure metrics of one model over a validation set, as a whole and per part.</summary>
internal static class MetricsTiming
{
    public static void Run(ImageTensors train, ImageTensors validation, IReadOnlyList<string> classNames, int repeats)
    {
        using var model = VaeTrainer.CreateModel(
            Architectures.CreateConfig(BranchedVaeConfig.Name, new VaeHyperparameters("fashion", 10, 4)), seed: 1333);
        StructureEvaluator.Evaluate(model, train.Take(1000), validation.Take(500), classNames); // warm-up

        Console.WriteLine();
        Console.WriteLine($"structure metrics of a branched model (latent dim 10) over {validation.Count} validation images, " +
                          $"probe and k-NN fitted on {Math.Min(train.Count, StructureEvaluator.DefaultMaxTraining)} training images (s; median [min..max])");
        Part("all metrics       ", repeats, () => StructureEvaluator.Evaluate(model, train, validation, classNames));

        var space = LatentEncoder.Encode(model, validation, classNames);
        using var sample = train.Take(StructureEvaluator.DefaultMaxTraining);
        var trainSpace = LatentEncoder.Encode(model, sample, classNames);
        var d = space.Dimensions;
        Part("encode validation", repeats, () => LatentEncoder.Encode(model, validation, classNames));
        Part("reconstruction    ", repeats, () => ReconstructionQuality.Evaluate(model, validation, 1));
        Part("linear probe      ", repeats, () => LinearProbe.Accuracy(trainSpace.Mu, trainSpace.Labels, space.Mu, space.Labels, d));
        Part("5-NN              ", repeats, () => NearestNeighbours.Accuracy(trainSpace.Mu, trainSpace.Labels, space.Mu, space.Labels, d));
        Part("silhouette (5,000)", repeats, () => Silhouette.Compute(space.Mu, space.Labels, d));
        Part("MIG (20 bins)     ", repeats, () => MigScore.Compute(space.Mu, space.Labels, d));
    }

    private static void Part(string name, int repeats, Action action)
    {
        var cpu = new List<double>();
        var wall = Enumerable.Range(0, repeats).Select(_ =>
        {
            var before = CpuClock.ProcessSeconds();
            var seconds = Seconds(action);
            cpu.Add(CpuClock.ProcessSeconds() - before);
            return seconds;
        }).ToArray();
        // CPU seconds of the whole process beside the wall ones: steadier on a shared machine, and with one torch
        // thread the cost itself (torch's kernels run on the calling thread).
        Console.WriteLine($"  {name}: {Stats.Describe(wall, "F3")}  CPU {Stats.Describe(cpu, "F3")}");
    }

    private static double Seconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
