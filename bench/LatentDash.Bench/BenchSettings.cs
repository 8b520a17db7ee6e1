using System.Globalization;
using LatentDash.Models.Networks;

namespace LatentDash.Bench;

/// <summary>The bench's command-line settings.</summary>
internal sealed record BenchSettings(int Threads, int Repeats, int TrainImages, string[] Architectures, int[] Batches, bool SkipInference, bool MetricsOnly, bool TrainOnly, bool Profile, bool EmbeddingsOnly, int Epochs, bool DecoderLayers,
    string? ModelOpen, string? CacheMemory, string DataRoot, int Concurrency, int Trainings)
{
    public static BenchSettings Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new BenchSettings(
            Int("--threads", 2),
            Int("--repeats", 3),
            Int("--train-images", 9600),
            Value("--architectures")?.Split(',') ?? [BranchedVaeConfig.Name, ConditionalVaeConfig.Name, BetaVaeConfig.Name],
            Value("--batches")?.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray() ?? [32, 128],
            args.Contains("--skip-inference"),
            args.Contains("--metrics-only"),
            args.Contains("--train-only"),
            args.Contains("--profile"),
            args.Contains("--embeddings"),
            Int("--epochs", 3),
            args.Contains("--decoder-layers"),
            Value("--model-open") is { } model ? Path.GetFullPath(model) : null,
            Value("--cache-memory") is { } models ? Path.GetFullPath(models) : null,
            Path.GetFullPath(Value("--data") ?? "data"),
            Int("--concurrency", 2),
            Int("--trainings", 1));
    }
}
