using System.Diagnostics;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Bench;

/// <summary>Where a training step of the branched VAE spends its time: the trainer's step taken apart into phases,
/// each timed on its own (torch on the CPU is synchronous, so a stopwatch around a phase holds its whole cost).</summary>
internal static class StepProfile
{
    private static readonly string[] Phases =
        ["data batch", "zero grad", "forward encoder", "forward head", "forward decoder", "loss", "backward", "loss to host", "optimizer step"];

    /// <summary>Milliseconds per step of each phase, median over <paramref name="repeats"/> runs of <paramref name="steps"/> steps;
    /// in CPU time of the calling thread when <paramref name="cpuClock"/> (meaningful with one torch thread), else wall time.</summary>
    public static IReadOnlyList<(string Phase, double Milliseconds)> Run(ImageTensors train, int batch, int steps, int repeats, bool cpuClock)
    {
        var runs = Enumerable.Range(0, repeats).Select(_ => Once(train, batch, steps, cpuClock)).ToArray();
        return Phases.Select((phase, i) => (phase, Stats.Percentile(runs.Select(r => r[i]).ToArray(), 50))).ToArray();
    }

    private static double[] Once(ImageTensors train, int batch, int steps, bool cpuClock)
    {
        var config = Architectures.CreateConfig(BranchedVaeConfig.Name, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed: 1);
        var encoder = (EncoderNetwork)model.Parts.Single(p => p.Name == "encoder").Module;
        var decoder = (nn.Module<Tensor, Tensor>)model.Parts.Single(p => p.Name == "decoder").Module;
        var head = (nn.Module<Tensor, Tensor>)model.Parts.Single(p => p.Name == "classifier").Module;
        using var optimizer = new FlatAdam(model.parameters(), 1e-3, epsilon: 1e-7);
        var generator = new Generator(1);
        using var order = randperm(train.Count, generator: generator);
        model.train();
        var totals = new double[Phases.Length];
        var watch = new Stopwatch();
        var mark = 0.0;
        double Elapsed() => cpuClock ? (CpuClock.ThreadSeconds() - mark) * 1000 : watch.Elapsed.TotalMilliseconds;
        void Restart()
        {
            mark = cpuClock ? CpuClock.ThreadSeconds() : 0;
            watch.Restart();
        }

        const int warmUp = 20;
        for (var step = 0; step < warmUp + steps; step++)
        {
            using var scope = NewDisposeScope();
            var times = new double[Phases.Length];
            var phase = 0;
            void Lap()
            {
                times[phase++] = Elapsed();
                Restart();
            }

            Restart();
            var start = step * batch % (train.Count - batch);
            var index = order.narrow(0, start, batch);
            var images = train.Images.index_select(0, index);
            var labels = train.Labels.index_select(0, index);
            Lap();
            optimizer.ZeroGrad();
            Lap();
            var features = encoder.Features(images);
            var moments = encoder.Latent(features).chunk(2, 1);
            Lap();
            var logits = head.call(features);
            Lap();
            var z = VaeModel.Reparameterize(moments[0], moments[1], generator);
            var reconstruction = decoder.call(z);
            Lap();
            var loss = model.Loss(new VaeOutput(reconstruction, moments[0], moments[1], z, logits), images, labels);
            Lap();
            loss.Total.backward();
            Lap();
            _ = stack([loss.Total.detach(), loss.Reconstruction.detach(), loss.Kl.detach(), loss.Class!.detach(),
                logits.argmax(1).eq(labels).sum().to(ScalarType.Float32)]).to(ScalarType.Float64).data<double>().ToArray();
            Lap();
            optimizer.Step();
            Lap();
            if (step >= warmUp)
            {
                for (var i = 0; i < times.Length; i++)
                {
                    totals[i] += times[i];
                }
            }
        }

        return totals.Select(t => t / steps).ToArray();
    }
}
