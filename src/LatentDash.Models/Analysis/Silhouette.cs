using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>The silhouette of the classes in latent space (Euclidean), on a seeded sample of at most
/// <see cref="DefaultMaxSample"/> points: for each point, a = mean distance to its own class, b = the smallest mean
/// distance to another class, s = (b − a) / max(a, b); the score is the mean s (sklearn's definition: a point alone
/// in its class scores 0). From −1 (classes mixed) to 1 (classes apart).</summary>
public sealed record Silhouette(double Score, int SampleSize)
{
    public const int DefaultMaxSample = 5_000;

    private const int Chunk = 1_024;

    public static Silhouette Compute(ReadOnlySpan<float> points, ReadOnlySpan<byte> labels, int dimensions, int maxSample = DefaultMaxSample, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSample, 2);
        if (points.Length != labels.Length * dimensions)
        {
            throw new ArgumentException($"{points.Length} values do not make {labels.Length} points of {dimensions}");
        }

        var chosen = Sample(labels.Length, maxSample, seed);
        var n = chosen.Length;
        var x = new double[n * dimensions];
        var y = new long[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                x[(i * dimensions) + j] = points[(chosen[i] * dimensions) + j];
            }

            y[i] = labels[chosen[i]];
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var all = tensor(x, [n, dimensions]);
        var classes = tensor(y);
        var classCount = (int)classes.max().item<long>() + 1;
        var oneHot = nn.functional.one_hot(classes, classCount).to(ScalarType.Float64);
        var sizes = oneHot.sum(dim: 0); // points per class
        var total = 0.0;
        for (var start = 0; start < n; start += Chunk)
        {
            using var chunkScope = NewDisposeScope();
            var count = Math.Min(Chunk, n - start);
            var sums = cdist(all.narrow(0, start, count), all).mm(oneHot); // count × classes: distance sums per class
            var own = classes.narrow(0, start, count);
            var ownSize = sizes.index_select(0, own);
            var ownSum = sums.gather(1, own.unsqueeze(1)).squeeze(1);
            var a = ownSum / ownSize.sub(HeldScalars.One).clamp_min(HeldScalars.One);
            var means = sums / sizes.unsqueeze(0);
            // Exclude the point's own class and empty classes from b.
            var excluded = oneHot.narrow(0, start, count).to(ScalarType.Bool) | sizes.eq(HeldScalars.Zero).unsqueeze(0);
            var b = means.masked_fill(excluded, HeldScalars.PositiveInfinity).min(1).values;
            var s = ((b - a) / maximum(a, b)).nan_to_num(0, 0, 0);
            s = s.masked_fill(ownSize.le(HeldScalars.One), HeldScalars.Zero).masked_fill(b.isinf(), HeldScalars.Zero);
            total += s.sum().item<double>();
        }

        return new Silhouette(total / n, n);
    }

    /// <summary>The first <paramref name="maxSample"/> of a seeded permutation, or every index when there are fewer.</summary>
    private static int[] Sample(int count, int maxSample, int seed)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        if (count <= maxSample)
        {
            return indices;
        }

        new Random(seed).Shuffle(indices);
        return indices[..maxSample];
    }
}
