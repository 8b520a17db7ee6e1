using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LatentDash.Bench;

/// <summary>What this machine's two vCPUs give right now, alone and together: compute (fused multiply-adds on
/// registers, no memory traffic) and memory bandwidth (a triad over arrays larger than a core's cache).</summary>
/// <remarks>On a virtual machine a second vCPU may be a whole core, the other hyperthread of the first one's core, or
/// a core shared with other guests, and the cache and memory are shared with other guests too; all of that can change
/// from minute to minute. A training at 2 threads cannot scale past what the second vCPU gives at the time, nor run
/// faster than the memory lets it, so the training figures print this beside them.</remarks>
internal static class CoreCapacity
{
    private const int Accumulators = 12;

    // One call of the compute probe per 65,536 rounds of the twelve chains.
    private const long SpinRounds = 1 << 16;

    // Three arrays of 4M floats: 48 MB per thread, far beyond a core's L2, so the triad runs at the speed of the
    // shared cache and memory.
    private const int TriadLength = 4 << 20;

    public sealed record Probe(double Alone, double First, double Second)
    {
        public double Scaling => (First + Second) / Alone;
    }

    public sealed record Capacity(Probe Compute, Probe Memory)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"compute {Compute.Alone:F0} GFLOP/s alone, two at once {Compute.First:F0} + {Compute.Second:F0} ({Compute.Scaling:F2}×); memory {Memory.Alone:F1} GB/s alone, two at once {Memory.First:F1} + {Memory.Second:F1} ({Memory.Scaling:F2}×)");
    }

    public static Capacity Measure(double seconds = 0.4) => new(
        Run(Calibrate(Spin, seconds), iterations => iterations * SpinRounds * Accumulators * Vector<float>.Count * 2.0 / 1e9, Spin),
        Run(Calibrate(Triad, seconds), iterations => iterations * 3.0 * TriadLength * sizeof(float) / 1e9, Triad));

    /// <summary>Units per second of one thread alone, then of each of two threads started together.</summary>
    private static Probe Run(long iterations, Func<long, double> units, Func<long, float> work)
    {
        double Timed()
        {
            var watch = Stopwatch.StartNew();
            work(iterations);
            return units(iterations) / watch.Elapsed.TotalSeconds;
        }

        var alone = Timed();
        double second = 0;
        using var start = new Barrier(2);
        var other = new Thread(() =>
        {
            work(1); // this thread's arrays, outside the timing
            start.SignalAndWait();
            second = Timed();
        });
        other.Start();
        start.SignalAndWait();
        var first = Timed();
        other.Join();
        return new Probe(alone, first, second);
    }

    private static long Calibrate(Func<long, float> work, double seconds)
    {
        long iterations = 1;
        while (true)
        {
            var watch = Stopwatch.StartNew();
            work(iterations);
            if (watch.Elapsed.TotalSeconds > seconds / 8)
            {
                return Math.Max(1, (long)(iterations * seconds / watch.Elapsed.TotalSeconds));
            }

            iterations *= 2;
        }
    }

    // Twelve independent chains cover the fused multiply-add's latency on both of a core's vector ports.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Spin(long iterations)
    {
        var b = new Vector<float>(1.0000001f);
        var c = new Vector<float>(1e-7f);
        Vector<float> a0 = new(0f), a1 = new(1f), a2 = new(2f), a3 = new(3f), a4 = new(4f), a5 = new(5f);
        Vector<float> a6 = new(6f), a7 = new(7f), a8 = new(8f), a9 = new(9f), a10 = new(10f), a11 = new(11f);
        for (long i = 0; i < iterations * SpinRounds; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, b, c);
            a1 = Vector.FusedMultiplyAdd(a1, b, c);
            a2 = Vector.FusedMultiplyAdd(a2, b, c);
            a3 = Vector.FusedMultiplyAdd(a3, b, c);
            a4 = Vector.FusedMultiplyAdd(a4, b, c);
            a5 = Vector.FusedMultiplyAdd(a5, b, c);
            a6 = Vector.FusedMultiplyAdd(a6, b, c);
            a7 = Vector.FusedMultiplyAdd(a7, b, c);
            a8 = Vector.FusedMultiplyAdd(a8, b, c);
            a9 = Vector.FusedMultiplyAdd(a9, b, c);
            a10 = Vector.FusedMultiplyAdd(a10, b, c);
            a11 = Vector.FusedMultiplyAdd(a11, b, c);
        }

        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [ThreadStatic]
    private static float[][]? triadArrays;

    // a = b + s·c over arrays of this thread's own: two reads and a write per element.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Triad(long iterations)
    {
        triadArrays ??= [new float[TriadLength], Enumerable.Repeat(1f, TriadLength).ToArray(), Enumerable.Repeat(2f, TriadLength).ToArray()];
        var (a, b, c) = (triadArrays[0], triadArrays[1], triadArrays[2]);
        var s = new Vector<float>(0.5f);
        var width = Vector<float>.Count;
        for (long pass = 0; pass < iterations; pass++)
        {
            for (var i = 0; i < TriadLength; i += width)
            {
                Vector.FusedMultiplyAdd(new Vector<float>(c, i), s, new Vector<float>(b, i)).CopyTo(a, i);
            }
        }

        return a[^1];
    }
}
