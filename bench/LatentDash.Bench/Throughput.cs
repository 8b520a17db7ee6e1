using System.Diagnostics;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Bench;

/// <summary>One measurement each: a training epoch, an encoding pass, single decodes.</summary>
internal static class Throughput
{
    public static double Train(string architecture, int batch, ImageTensors train, ImageTensors validation) =>
        TrainTimed(architecture, batch, train, validation).PerSecond;

    /// <summary>Images per wall second, and per CPU second of the calling thread (all of the work when torch runs on
    /// one thread: its kernels then run inline on the caller).</summary>
    public static (double PerSecond, double PerCpuSecond, double ValidationLoss) TrainTimed(string architecture, int batch, ImageTensors train, ImageTensors validation)
    {
        var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed: 1);
        // Steady state: from the first report after the first 20 steps (allocator and kernel warm-up) to the last.
        var clock = Stopwatch.StartNew();
        (int Step, double Seconds, double Cpu)? first = null, last = null;
        var result = new VaeTrainer().Train(model, train, validation, new TrainingOptions { Epochs = 1, BatchSize = batch, EarlyStopping = false },
            new InlineProgress(p =>
            {
                if (p.Step >= 20)
                {
                    var cpu = CpuClock.ThreadSeconds();
                    first ??= (p.Step, clock.Elapsed.TotalSeconds, cpu);
                    last = (p.Step, clock.Elapsed.TotalSeconds, cpu);
                }
            }));
        var images = (last!.Value.Step - first!.Value.Step) * batch;
        return (images / (last.Value.Seconds - first!.Value.Seconds), images / (last.Value.Cpu - first.Value.Cpu), result.Final.Validation.Loss);
    }

    /// <summary><paramref name="count"/> trainings at once, each on its own thread with <paramref name="threads"/> torch
    /// threads (as a dashboard with that many queue workers trains a sweep), started together: each one's figures.</summary>
    public static (double PerSecond, double PerCpuSecond, double ValidationLoss)[] TrainTogether(
        int count, int threads, string architecture, int batch, ImageTensors train, ImageTensors validation)
    {
        using var start = new Barrier(count);
        var runs = Enumerable.Range(0, count)
            .Select(_ => Task.Factory.StartNew(
                () => BackgroundTraining.Run(
                    () =>
                    {
                        start.SignalAndWait();
                        return TrainTimed(architecture, batch, train, validation);
                    },
                    threads,
                    niceness: 0),
                TaskCreationOptions.LongRunning))
            .ToArray();
        Task.WaitAll(runs);
        return runs.Select(r => r.Result).ToArray();
    }

    public static double Encode(string architecture, ImageTensors data)
    {
        var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed: 1);
        model.eval();
        var watch = Stopwatch.StartNew();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += 500)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(500, data.Count - start);
                var (mu, logVar) = model.Encode(data.Images.narrow(0, start, n), data.Labels.narrow(0, start, n));
                _ = mu.data<float>().ToArray();
                _ = logVar.data<float>().ToArray();
            }
        }

        return data.Count / watch.Elapsed.TotalSeconds;
    }

    public static List<double> DecodeLatencies(string architecture, int calls, bool png = false)
    {
        var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed: 1);
        model.eval();
        var latencies = new List<double>(calls);
        var random = new Random(1);
        using var noGrad = no_grad();
        for (var i = -200; i < calls; i++)
        {
            var z = Enumerable.Range(0, 10).Select(_ => (float)random.NextDouble()).ToArray();
            var watch = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                var image = model.Decode(tensor(z).reshape(1, 10), model.DecoderNeedsLabels ? tensor(new long[] { 0 }) : null);
                var pixels = image.clamp(0, 1).data<float>().ToArray();
                if (png)
                {
                    _ = LatentDash.Models.Latent.GrayscalePng.Encode(pixels, 28, 28, scale: 6);
                }
            }

            if (i >= 0)
            {
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return latencies;
    }

    private sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
