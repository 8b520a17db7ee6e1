using System.Diagnostics;
using System.Globalization;
using LatentDash.Bench;
using LatentDash.Jobs.Data;
using LatentDash.Models.Data;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

// Training throughput, encode throughput and decode latency of the LatentDash networks on this machine.
// Usage: dotnet run -c Release --project bench/LatentDash.Bench -- [--threads 2] [--repeats 3] [--train-images 9600]
//        [--architectures branched,conditional,beta-vae] [--batches 32,128] [--skip-inference] [--metrics-only]
//        [--train-only] (training throughput alone) [--profile] (the branched VAE's step at the first batch size, per phase)
//        [--embeddings [--epochs 3]]  (t-SNE and UMAP of a trained model's latent means only)
//        [--decoder-layers] (the decoder per layer, at inference and in training; needs no data)
//        [--decoder-variants] (each transposed convolution of the decoder in alternative formulations and layouts, with
//        GFLOP/s in training beside a 1024³ SGEMM's;
//        VARIANT_BATCHES=500,100,32 and VARIANT_FILTER=<name part> narrow it)
//        [--model-open <model folder> [--data <data root>]] (a cold open of a trained model on the server, per phase)
//        [--cache-memory <folder of model folders> [--data <data root>] [--concurrency 2]] (the memory of opening them all)
//        [--cores] (the compute and memory bandwidth of one thread alone and of two at once)
//        [--trainings N] (with --train-only: N trainings at once, each on its own thread with --threads torch threads,
//        as a dashboard with Queue:Workers N trains a sweep; prints each one's images/s and, as all train the same images,
//        N times the slowest one's)
var settings = BenchSettings.Parse(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
TorchRuntime.Configure(settings.Threads);
Console.WriteLine($"LatentDash bench: {settings.Threads} torch thread(s), {settings.Repeats} repeat(s), {settings.TrainImages} training images per run, allocator {(NativeHeap.IsMimalloc ? "mimalloc" : "glibc")}, GLIBC_TUNABLES={(Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } t ? "set" : "unset")}");
if (OperatingSystem.IsLinux() && !NativeHeap.IsMimalloc && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GLIBC_TUNABLES")))
{
    // Measured: --profile's bare step (no heap trims) ran 3-4x slower on glibc's defaults than with run.sh's settings.
    Console.Error.WriteLine("warning: glibc's allocator without run.sh's settings: training steps, --profile's above all, " +
        "run far slower than the dashboard's. Start the bench through build/with-allocator.sh or `dotnet run`.");
}

if (args.Contains("--cores"))
{
    for (var i = 0; i < settings.Repeats; i++)
    {
        Console.WriteLine($"cores: {CoreCapacity.Measure()}");
    }

    return;
}

if (args.Contains("--decoder-variants"))
{
    DecoderVariants.Run(settings.Threads);
    return;
}

if (settings.ModelOpen is { } modelDirectory)
{
    ModelOpenTiming.Run(modelDirectory, settings.DataRoot, settings.Repeats);
    return;
}

if (settings.CacheMemory is { } modelsRoot)
{
    CacheMemory.Run(modelsRoot, settings.DataRoot, settings.Concurrency);
    return;
}

if (settings.DecoderLayers)
{
    DecoderLayers.Run(settings.Threads, settings.Repeats);
    return;
}

var dataRoot = settings.DataRoot;
await new DatasetFetcher(dataRoot, Path.GetFullPath(".cache"), NullLogger<DatasetFetcher>.Instance).EnsureAsync("fashion", CancellationToken.None);
var dataset = new DatasetCatalog(dataRoot).Load("fashion");
using var train = ImageTensors.From(dataset.Train);
using var validation = ImageTensors.From(dataset.Validation);
using var trainSubset = train.Take(settings.TrainImages);
using var validationSubset = validation.Take(256);

if (settings.EmbeddingsOnly)
{
    EmbeddingTiming.Run(trainSubset, validationSubset, validation, dataset.Manifest.ClassNames, settings.Repeats, settings.Epochs);
    return;
}

if (settings.MetricsOnly)
{
    MetricsTiming.Run(train, validation, dataset.Manifest.ClassNames, settings.Repeats);
    return;
}

if (settings.Profile)
{
    var profileBatch = settings.Batches[0];
    var cpuClock = settings.Threads == 1;
    Console.WriteLine($"branched VAE training step at batch {profileBatch}, per phase (ms {(cpuClock ? "of the training thread's CPU time" : "wall")} per step over 200 steps after 20 warm-up; median of {settings.Repeats})");
    var phases = StepProfile.Run(trainSubset, profileBatch, 200, settings.Repeats, cpuClock);
    foreach (var (phase, milliseconds) in phases)
    {
        Console.WriteLine($"  {phase,-16} {milliseconds,7:F3}");
    }

    var total = phases.Sum(p => p.Milliseconds);
    Console.WriteLine($"  {"total",-16} {total,7:F3}  ({profileBatch * 1000 / total:F0} images/s)");
    return;
}

// Warm-up: native load, first-call allocations, thread pool.
Throughput.Train(BranchedVaeConfig.Name, 32, trainSubset.Take(640), validationSubset);

Console.WriteLine();
Console.WriteLine("training throughput (images/s, steady state of one epoch after 20 warm-up steps, incl. batching from memory; median [min..max])");
foreach (var architecture in settings.Architectures)
{
    foreach (var batch in settings.Batches)
    {
        // What a second thread can add depends on what the machine's second vCPU gives at the time: measured just
        // before each run.
        var samples = new List<(double PerSecond, double PerCpuSecond, double ValidationLoss)>();
        for (var repeat = 0; repeat < settings.Repeats; repeat++)
        {
            var capacity = settings.Threads > 1 || settings.Trainings > 1 ? CoreCapacity.Measure() : null;
            if (settings.Trainings > 1)
            {
                var each = Throughput.TrainTogether(settings.Trainings, settings.Threads, architecture, batch, trainSubset, validationSubset);
                // Each trained the same images, so together they trained count × images in the slower one's time.
                samples.Add((each.Length * each.Min(e => e.PerSecond), double.NaN, each[0].ValidationLoss));
                Console.WriteLine($"    run {repeat + 1}: {samples[^1].PerSecond,5:F0} images/s together (each: {string.Join(", ", each.Select(e => e.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))}); just before it, {capacity}");
                continue;
            }

            samples.Add(Throughput.TrainTimed(architecture, batch, trainSubset, validationSubset));
            if (capacity is not null)
            {
                Console.WriteLine($"    run {repeat + 1}: {samples[^1].PerSecond,5:F0} images/s; just before it, {capacity}");
            }
        }

        Console.WriteLine($"  {architecture,-12} batch {batch,4}: {Stats.Describe(samples.Select(s => s.PerSecond).ToArray(), "F0")}" +
            (settings.Trainings > 1 ? $" together, {settings.Trainings} trainings at once" : "") +
            (settings.Threads == 1 && settings.Trainings == 1 ? $"; per CPU second of the training thread {Stats.Describe(samples.Select(s => s.PerCpuSecond).ToArray(), "F0")}" : "") +
            $"; validation loss after the epoch {samples[0].ValidationLoss:F4}");
    }
}

if (settings.TrainOnly)
{
    return;
}

if (!settings.SkipInference)
{
    Console.WriteLine();
    Console.WriteLine($"encode throughput over {validation.Count} validation images (eval, no_grad, batch 500; images/s)");
    foreach (var architecture in settings.Architectures)
    {
        var samples = Enumerable.Range(0, settings.Repeats).Select(_ => Throughput.Encode(architecture, validation)).ToArray();
        Console.WriteLine($"  {architecture,-12}: {Stats.Describe(samples, "F0")}");
    }

    Console.WriteLine();
    Console.WriteLine("single-image decode latency incl. copy to host (ms over 2,000 calls after 200 warm-up)");
    foreach (var architecture in settings.Architectures)
    {
        var latencies = Throughput.DecodeLatencies(architecture, 2000);
        Console.WriteLine($"  {architecture,-12}: p50 {Stats.Percentile(latencies, 50):F3}  p95 {Stats.Percentile(latencies, 95):F3}  max {latencies.Max():F3}");
    }

    Console.WriteLine();
    Console.WriteLine("single-image decode + PNG (168x168, as the explorer serves it) latency (ms over 2,000 calls after 200 warm-up)");
    foreach (var architecture in settings.Architectures)
    {
        var latencies = Throughput.DecodeLatencies(architecture, 2000, png: true);
        Console.WriteLine($"  {architecture,-12}: p50 {Stats.Percentile(latencies, 50):F3}  p95 {Stats.Percentile(latencies, 95):F3}  max {latencies.Max():F3}");
    }
}

MetricsTiming.Run(train, validation, dataset.Manifest.ClassNames, settings.Repeats);
