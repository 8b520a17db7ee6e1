using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Bench;

/// <summary>Where the decoder spends its time, layer by layer: at inference (the metrics' decode: batch 500, eval,
/// no_grad, 10,000 images) and in training (batch 32, train mode, forward and backward of each layer alone), next to the
/// decoder's own forward as a whole (which may take a faster path than its layers one after another).</summary>
/// <remarks>With one torch thread its kernels run on the calling thread, so that thread's CPU time is the whole cost;
/// with more, the process's CPU time counts every worker (and wall time is printed beside it).</remarks>
internal static class DecoderLayers
{
    public static void Run(int threads, int repeats)
    {
        var config = Architectures.CreateConfig(BranchedVaeConfig.Name, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed: 1);
        var decoder = (nn.Module<Tensor, Tensor>)model.Parts.Single(p => p.Name == "decoder").Module;
        var layers = decoder.named_modules()
            .Where(m => m.name.StartsWith("layers.", StringComparison.Ordinal) && m.name.Count(c => c == '.') == 1)
            .Select(m => (Name: m.name["layers.".Length..], Module: (nn.Module<Tensor, Tensor>)m.module))
            .ToArray();
        var clock = threads == 1 ? "CPU ms of the calling thread" : "CPU ms of the process (wall ms)";

        Console.WriteLine($"decoder at inference: 10,000 images in batches of 500, eval, no_grad ({clock} per 10,000 decodes; median of {repeats})");
        model.eval();
        var inference = Median(repeats, () => Inference(decoder, layers, threads));
        Print(layers.Select(l => l.Name).Append("decoder.call"), inference);
        // The explorer decodes one image per click or slider move: the eval path's per-call fold must not cost it.
        var single = Median(repeats, () => Inference(decoder, layers, threads, batch: 1, images: 2000));
        Console.WriteLine($"  one image at a time ({clock} per decode, over 2,000): decoder.call {single[^1].Cpu / 2000:F4} ({single[^1].Wall / 2000:F4}), " +
                          $"layers one after another {single[..^1].Sum(t => t.Cpu) / 2000:F4} ({single[..^1].Sum(t => t.Wall) / 2000:F4})");

        Console.WriteLine();
        Console.WriteLine($"decoder in training: batch 32, train mode ({clock} per step, mean over 100 steps after 10 warm-up; median of {repeats})");
        model.train();
        var training = Median(repeats, () => Training(decoder, layers, threads));
        Console.WriteLine("  forward:");
        Print(layers.Select(l => l.Name).Append("decoder.call"), training[..(layers.Length + 1)]);
        Console.WriteLine("  backward (of each layer alone, from a random upstream gradient):");
        Print(layers.Select(l => l.Name).Append("decoder.call"), training[(layers.Length + 1)..]);
        model.eval();
    }

    /// <summary>Per layer then for the whole forward: (CPU ms, wall ms) over <paramref name="images"/> images.</summary>
    private static (double Cpu, double Wall)[] Inference(
        nn.Module<Tensor, Tensor> decoder, (string Name, nn.Module<Tensor, Tensor> Module)[] layers, int threads, int batch = 500, int images = 10_000)
    {
        var totals = new (double Cpu, double Wall)[layers.Length + 1];
        using var noGrad = no_grad();
        using var z = randn([images, 10], generator: new Generator(7));
        for (var pass = 0; pass < 2; pass++)
        {
            Array.Clear(totals);
            for (var start = 0; start < images; start += batch)
            {
                using var scope = NewDisposeScope();
                var x = z.narrow(0, start, batch);
                for (var i = 0; i < layers.Length; i++)
                {
                    var input = x;
                    totals[i] = Add(totals[i], Time(threads, () => x = layers[i].Module.call(input)));
                }

                totals[^1] = Add(totals[^1], Time(threads, () => decoder.call(z.narrow(0, start, batch))));
            }
        }

        return totals;
    }

    /// <summary>Forward per layer, forward of the whole, backward per layer, backward of the whole: ms per step.</summary>
    private static (double Cpu, double Wall)[] Training(nn.Module<Tensor, Tensor> decoder, (string Name, nn.Module<Tensor, Tensor> Module)[] layers, int threads)
    {
        var n = layers.Length + 1;
        var totals = new (double Cpu, double Wall)[2 * n];
        var generator = new Generator(11);
        const int warmUp = 10, steps = 100;
        for (var step = 0; step < warmUp + steps; step++)
        {
            using var scope = NewDisposeScope();
            var times = new (double Cpu, double Wall)[2 * n];
            var z = randn([32, 10], generator: generator);
            var inputs = new Tensor[layers.Length];
            var x = z.requires_grad_(true);
            for (var i = 0; i < layers.Length; i++)
            {
                // Each layer's input as a leaf of its own, so that its backward is timed alone; the clone keeps the
                // in-place activations off a leaf (its backward is a copy, negligible beside the layers').
                inputs[i] = x.detach().requires_grad_(true);
                var input = inputs[i].clone();
                times[i] = Time(threads, () => x = layers[i].Module.call(input));
            }

            var zWhole = z.detach().requires_grad_(true);
            Tensor whole = null!;
            times[n - 1] = Time(threads, () => whole = decoder.call(zWhole));
            for (var i = 0; i < layers.Length; i++)
            {
                var output = layers[i].Module.call(inputs[i].clone());
                var upstream = randn(output.shape, generator: generator);
                times[n + i] = Time(threads, () => output.backward([upstream]));
            }

            var wholeUpstream = randn(whole.shape, generator: generator);
            times[(2 * n) - 1] = Time(threads, () => whole.backward([wholeUpstream]));
            foreach (var parameter in decoder.parameters())
            {
                parameter.grad?.zero_();
            }

            if (step >= warmUp)
            {
                for (var i = 0; i < times.Length; i++)
                {
                    totals[i] = Add(totals[i], (times[i].Cpu / steps, times[i].Wall / steps));
                }
            }
        }

        return totals;
    }

    private static (double Cpu, double Wall) Time(int threads, Action action)
    {
        var cpu = threads == 1 ? CpuClock.ThreadSeconds() : CpuClock.ProcessSeconds();
        var wall = System.Diagnostics.Stopwatch.GetTimestamp();
        action();
        var cpuAfter = threads == 1 ? CpuClock.ThreadSeconds() : CpuClock.ProcessSeconds();
        return ((cpuAfter - cpu) * 1000, System.Diagnostics.Stopwatch.GetElapsedTime(wall).TotalMilliseconds);
    }

    private static (double Cpu, double Wall) Add((double Cpu, double Wall) a, (double Cpu, double Wall) b) => (a.Cpu + b.Cpu, a.Wall + b.Wall);

    private static (double Cpu, double Wall)[] Median(int repeats, Func<(double Cpu, double Wall)[]> run)
    {
        var runs = Enumerable.Range(0, repeats).Select(_ => run()).ToArray();
        return Enumerable.Range(0, runs[0].Length)
            .Select(i => (Stats.Percentile(runs.Select(r => r[i].Cpu).ToArray(), 50), Stats.Percentile(runs.Select(r => r[i].Wall).ToArray(), 50)))
            .ToArray();
    }

    private static void Print(IEnumerable<string> names, (double Cpu, double Wall)[] times)
    {
        var rows = names.Zip(times).ToArray();
        var sumOfLayers = rows[..^1].Sum(r => r.Second.Cpu);
        foreach (var (name, (cpu, wall)) in rows)
        {
            Console.WriteLine($"    {name,-13} {cpu,9:F2}  ({wall,8:F2})" + (name == "decoder.call" ? "" : $"  {100 * cpu / sumOfLayers,5:F1} %"));
        }

        Console.WriteLine($"    {"sum of layers",-13} {sumOfLayers,9:F2}");
    }
}
