using System.Diagnostics;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Bench;

/// <summary>Times the explorer's embeddings on the latent means of a real model: exact t-SNE of 3,000 points and UMAP
/// of the whole validation set, each a first computation (nothing cached), median of the repeats.</summary>
internal static class EmbeddingTiming
{
    public static void Run(ImageTensors train, ImageTensors monitor, ImageTensors validation, IReadOnlyList<string> classNames, int repeats, int epochs)
    {
        var config = Architectures.CreateConfig(BranchedVaeConfig.Name, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed: 1);
        var clock = Stopwatch.StartNew();
        var result = new VaeTrainer().Train(model, train, monitor, new TrainingOptions { Epochs = epochs, BatchSize = 128, EarlyStopping = false });
        var space = LatentEncoder.Encode(model, validation, classNames);
        Console.WriteLine();
        Console.WriteLine($"embeddings of the latent means of a branched VAE (latent dim 10, {epochs} epochs on {train.Count} images in {clock.Elapsed.TotalSeconds:F0} s, " +
                          $"val loss {result.Final.Validation.Loss:F1}) over {space.Count} validation images (first computation, s; median [min..max])");

        var tsne = new EmbeddingRequest(ProjectionKind.Tsne);
        var umap = new EmbeddingRequest(ProjectionKind.Umap);
        Part($"t-SNE exact, {tsne.PointsFor(space.Count)} points, {tsne.Tsne.Iterations} iterations", repeats, () => EmbeddingCache.Compute(space, tsne));
        Part($"UMAP, {umap.PointsFor(space.Count)} points, k {umap.Umap.Neighbours}, {umap.Umap.EpochsFor(space.Count)} epochs", repeats, () => EmbeddingCache.Compute(space, umap));
    }

    private static void Part(string name, int repeats, Func<Embedding> compute)
    {
        var seconds = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            compute();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"  {name}: {Stats.Describe(seconds, "F2")}");
    }
}
