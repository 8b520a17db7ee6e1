using LatentDash.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Bench;

/// <summary>The decoder's three transposed convolutions alone, each in the formulations tried for speed: the library's
/// kernel on NCHW or channels-last input (and weight), the sub-pixel form (one 2×2 convolution to 4·C_out channels, then
/// pixel shuffle), GEMM + fold, and a conv2d with the flipped kernel; a first block checks they agree. Names starting
/// with "CL*" get their input channels-last before the clock starts, as a channels-last network would hand it over.
/// CPU ms per 10,000 images at inference, per step (batch 32) forward and backward in training, with the training's
/// GFLOP/s beside a 1024³ SGEMM's (the core's practical peak).</summary>
internal static class DecoderVariants
{
    public static void Run(int threads)
    {
        var g = new Generator(3);
        Console.WriteLine($"SGEMM 1024 x 1024 x 1024: {Sgemm(threads):F0} GFLOP/s");
        foreach (var (cin, cout, h, stride) in new[] { (32L, 64L, 7L, 2L), (64L, 32L, 14L, 2L), (32L, 1L, 28L, 1L) })
        {
            var w = (randn([cin, cout, 3, 3], generator: g) * 0.1).requires_grad_(true);
            var b = randn([cout], generator: g).requires_grad_(true);
            var variants = new List<(string Name, Func<Tensor, Tensor> F)>
            {
                ("convT nchw", (Func<Tensor, Tensor>)(x => nn.functional.conv_transpose2d(x, w, b, [stride, stride], [1, 1], [stride - 1, stride - 1]))),
                ("convT cl-in", (Func<Tensor, Tensor>)(x => nn.functional.conv_transpose2d(Cl(x), w, b, [stride, stride], [1, 1], [stride - 1, stride - 1]))),
                ("convT cl-in-w", (Func<Tensor, Tensor>)(x => nn.functional.conv_transpose2d(Cl(x), Cl(w), b, [stride, stride], [1, 1], [stride - 1, stride - 1]))),
            };
            if (stride == 2)
            {
                variants.Add(("subpixel nchw", (Func<Tensor, Tensor>)(x => nn.functional.pixel_shuffle(nn.functional.conv2d(nn.functional.pad(x, [0, 1, 0, 1]), SubPixel(w), b.repeat_interleave(4), [1, 1], [0, 0]), 2))));
                variants.Add(("subpixel cl", (Func<Tensor, Tensor>)(x => nn.functional.pixel_shuffle(nn.functional.conv2d(nn.functional.pad(Cl(x), [0, 1, 0, 1]), Cl(SubPixel(w)), b.repeat_interleave(4), [1, 1], [0, 0]), 2))));
                variants.Add(("subpixel cl->nchw", (Func<Tensor, Tensor>)(x => nn.functional.pixel_shuffle(nn.functional.conv2d(nn.functional.pad(Cl(x), [0, 1, 0, 1]), Cl(SubPixel(w)), b.repeat_interleave(4), [1, 1], [0, 0]).contiguous(), 2))));
            }
            else
            {
                variants.Add(("conv2d flip", (Func<Tensor, Tensor>)(x => nn.functional.conv2d(x, w.flip(2, 3).transpose(0, 1), b, [1, 1], [1, 1]))));
                variants.Add(("conv2d flip cl", (Func<Tensor, Tensor>)(x => nn.functional.conv2d(Cl(x), Cl(w.flip(2, 3).transpose(0, 1)), b, [1, 1], [1, 1]))));
            }

            var gemm = new GemmConvTranspose2d(cin, cout, 3, stride, 1, stride - 1);
            variants.Add(("gemm+fold", (Func<Tensor, Tensor>)(x => gemm.call(x))));
            variants.Add(("CL* convT", (Func<Tensor, Tensor>)(x => nn.functional.conv_transpose2d(x, w, b, [stride, stride], [1, 1], [stride - 1, stride - 1]))));
            // As training runs it: no bias (BiasBeforeBatchNorm leaves it to the BatchNorm after), so no bias gradient.
            variants.Add(("CL* convT no bias", (Func<Tensor, Tensor>)(x => nn.functional.conv_transpose2d(x, w, null, [stride, stride], [1, 1], [stride - 1, stride - 1]))));
            variants.Add(("CL* gemm+fold", (Func<Tensor, Tensor>)(x => gemm.call(x))));
            variants.Add(("CL* convT+bn-fold+act", (Func<Tensor, Tensor>)(x => nn.functional.leaky_relu(nn.functional.conv_transpose2d(x, w * w.new_ones(cout).view(1, -1, 1, 1), b * 1, [stride, stride], [1, 1], [stride - 1, stride - 1]), 0.3, true))));

            // Same answer check.
            using (var check = NewDisposeScope())
            using (no_grad())
            {
                gemm.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = w.detach(), ["bias"] = b.detach() });
                var x = randn([4, cin, h, h], generator: g);
                var reference = variants[0].F(x);
                foreach (var (name, f) in variants)
                {
                    Console.WriteLine($"  check {name}: max diff {(f(x) - reference).abs().max().item<float>():E2}");
                }
            }

            Console.WriteLine($"{cin}->{cout} at {h}, stride {stride}:");
            foreach (var batch in Environment.GetEnvironmentVariable("VARIANT_BATCHES")?.Split(',').Select(int.Parse).ToArray() ?? [500, 100, 32])
            {
                foreach (var (name, f) in variants)
                {
                    if (Environment.GetEnvironmentVariable("VARIANT_FILTER") is { } filter && !name.Contains(filter, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var inf = Inference(f, cin, h, batch, threads, g, name.StartsWith("CL*", StringComparison.Ordinal));
                    var channelsLast = name.StartsWith("CL*", StringComparison.Ordinal);
                    var tr = batch == 32 ? Training(f, cin, h, threads, g, w, b, channelsLast) : (0, 0);
                    // A transposed convolution multiplies each input element by C_out·9 weights; backward does it twice
                    // (the input's gradient and the weights').
                    var gflop = 2.0 * 32 * cin * h * h * cout * 9 / 1e9;
                    Console.WriteLine($"  batch {batch,3} {name,-18} inference {inf,8:F1} ms/10k" + (batch == 32
                        ? $"  train fwd {tr.Item1,6:F2} bwd {tr.Item2,6:F2} ms/step ({gflop / tr.Item1 * 1000,5:F0} and {2 * gflop / tr.Item2 * 1000,5:F0} GFLOP/s)"
                        : ""));
                }
            }
        }
    }

    private static Tensor Cl(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private static Tensor SubPixel(Tensor w)
    {
        // kmap(a, d): phase a of the output, offset d of the input → kernel tap, 3 = none.
        int[] kmap = [1, 3, 2, 0];
        var index = new List<long>();
        for (var a = 0; a < 2; a++)
        for (var bb = 0; bb < 2; bb++)
        for (var di = 0; di < 2; di++)
        for (var dj = 0; dj < 2; dj++)
        {
            var ki = kmap[(a * 2) + di];
            var kj = kmap[(bb * 2) + dj];
            index.Add(ki == 3 || kj == 3 ? 9 : (ki * 3) + kj);
        }

        var (cin, cout) = (w.shape[0], w.shape[1]);
        var padded = cat([w.reshape(cin, cout, 9), zeros(cin, cout, 1)], 2);
        return padded.index_select(2, tensor(index.ToArray())).view(cin, cout, 2, 2, 2, 2).permute(1, 2, 3, 0, 4, 5).reshape(4 * cout, cin, 2, 2);
    }

    private static double Inference(Func<Tensor, Tensor> f, long cin, long h, int batch, int threads, Generator g, bool channelsLast)
    {
        using var noGrad = no_grad();
        double total = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            total = 0;
            for (var done = 0; done < 10_000; done += batch)
            {
                using var scope = NewDisposeScope();
                var x = randn([batch, cin, h, h], generator: g);
                if (channelsLast)
                {
                    x = Cl(x);
                }

                var t0 = Clock(threads);
                _ = f(x);
                total += Clock(threads) - t0;
            }
        }

        return total * 1000;
    }

    private static double Sgemm(int threads)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (a, b) = (randn(1024, 1024), randn(1024, 1024));
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var t0 = Clock(threads);
            for (var i = 0; i < 10; i++)
            {
                using var product = a.mm(b);
            }

            best = Math.Min(best, (Clock(threads) - t0) / 10);
        }

        return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
    }

    private static (double, double) Training(Func<Tensor, Tensor> f, long cin, long h, int threads, Generator g, Tensor w, Tensor b, bool channelsLast)
    {
        double fwd = 0, bwd = 0;
        for (var step = 0; step < 110; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn([32, cin, h, h], generator: g);
            x = (channelsLast ? Cl(x) : x).requires_grad_(true);
            var t0 = Clock(threads);
            var y = f(x);
            var t1 = Clock(threads);
            var up = randn(y.shape, generator: g);
            up = channelsLast ? Cl(up) : up;
            var t2 = Clock(threads);
            y.backward([up]);
            var t3 = Clock(threads);
            w.grad?.zero_();
            b.grad?.zero_();
            if (step >= 10)
            {
                fwd += t1 - t0;
                bwd += t3 - t2;
            }
        }

        return (fwd * 10, bwd * 10);
    }

    private static double Clock(int threads) => threads == 1 ? CpuClock.ThreadSeconds() : CpuClock.ProcessSeconds();
}
