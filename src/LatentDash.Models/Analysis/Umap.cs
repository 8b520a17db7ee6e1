using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>UMAP of row vectors into two dimensions, as umap-learn computes it: the fuzzy simplicial set of the
/// k-nearest-neighbour graph (per-point ρ and σ so the memberships sum to log₂ k), symmetrised by fuzzy union, laid
/// out from a PCA start by stochastic gradient descent with edge sampling and negative sampling. Near-linear in the
/// number of points: the whole validation set (10,000) in seconds.</summary>
/// <remarks>The descent moves one edge at a time and each move reads the last: it is a sequential loop, not tensor
/// work. Run on one thread with one seeded generator it is exactly reproducible.</remarks>
public static class Umap
{
    private const int SearchSteps = 64;
    private const double SearchTolerance = 1e-5;
    private const double MinScale = 1e-3;
    private const float Clip = 4f;

    /// <summary>The embedding, count × 2 row-major.</summary>
    public static float[] Fit(
        ReadOnlySpan<float> points, int count, int dimensions, UmapOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var graph = NearestNeighbourGraph.Build(points, count, dimensions, options.Neighbours - 1);
        progress?.Report(0.05);
        var edges = FuzzySimplicialSet(graph, options.Neighbours);
        var embedding = Initial(points, count, dimensions, options.Seed);
        Optimise(embedding, count, edges, options, progress, cancellationToken);
        return embedding;
    }

    /// <summary>The symmetric membership strengths as directed edges (both directions of each pair), ordered by head then
    /// tail: w_ij = a + b − ab of the two one-sided memberships.</summary>
    public static (int[] Heads, int[] Tails, float[] Weights) FuzzySimplicialSet(NearestNeighbourGraph graph, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (n, k) = (graph.Count, graph.K);
        var target = Math.Log2(neighbours);
        var meanAll = graph.Distances.Average(d => (double)d);
        var oneSided = new Dictionary<long, float>(n * k);
        for (var i = 0; i < n; i++)
        {
            var distances = graph.Distances.AsSpan(i * k, k);
            // ρ: the distance to the nearest neighbour that is not a duplicate (umap-learn's local_connectivity 1).
            var rho = 0.0;
            foreach (var d in distances)
            {
                if (d > 0)
                {
                    rho = d;
                    break;
                }
            }

            var sigma = Sigma(distances, rho, target);
            var meanOwn = 0.0;
            foreach (var d in distances)
            {
                meanOwn += d;
            }

            sigma = Math.Max(sigma, MinScale * (rho > 0 ? meanOwn / k : meanAll));
            for (var j = 0; j < k; j++)
            {
                var excess = distances[j] - rho;
                var w = excess <= 0 ? 1.0 : Math.Exp(-excess / sigma);
                oneSided[((long)i * n) + graph.Indices[(i * k) + j]] = (float)w;
            }
        }

        var rows = new SortedDictionary<int, float>[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = [];
        }

        foreach (var (key, a) in oneSided)
        {
            var (i, j) = ((int)(key / n), (int)(key % n));
            var b = oneSided.TryGetValue(((long)j * n) + i, out var back) ? back : 0f;
            var w = a + b - (a * b);
            rows[i][j] = w;
            rows[j][i] = w;
        }

        var heads = new List<int>();
        var tails = new List<int>();
        var weights = new List<float>();
        for (var i = 0; i < n; i++)
        {
            foreach (var (j, w) in rows[i])
            {
                heads.Add(i);
                tails.Add(j);
                weights.Add(w);
            }
        }

        return ([.. heads], [.. tails], [.. weights]);
    }

    // Binary search for σ with Σ_j exp(−max(0, d_j − ρ) / σ) = log₂ k.
    private static double Sigma(ReadOnlySpan<float> distances, double rho, double target)
    {
        double low = 0, high = double.PositiveInfinity, mid = 1;
        for (var step = 0; step < SearchSteps; step++)
        {
            var sum = 0.0;
            foreach (var d in distances)
            {
                var excess = d - rho;
                sum += excess > 0 ? Math.Exp(-excess / mid) : 1;
            }

            if (Math.Abs(sum - target) < SearchTolerance)
            {
                break;
            }

            if (sum > target)
            {
                high = mid;
                mid = (low + high) / 2;
            }
            else
            {
                low = mid;
                mid = double.IsPositiveInfinity(high) ? mid * 2 : (low + high) / 2;
            }
        }

        return mid;
    }

    /// <summary>umap-learn's init="pca": the first two principal components scaled to a largest coordinate of 10, a
    /// little seeded noise, then each axis rescaled to [0, 10].</summary>
    private static float[] Initial(ReadOnlySpan<float> points, int count, int dimensions, int seed)
    {
        float[] start;
        if (dimensions >= 2)
        {
            start = Pca.Fit(points, count, dimensions).Transform(points, count, 2);
        }
        else
        {
            start = new float[count * 2];
            for (var i = 0; i < count; i++)
            {
                start[i * 2] = points[i];
            }
        }

        var random = new Random(seed);
        var largest = start.Max(Math.Abs);
        var scale = largest > 0 ? 10 / largest : 1;
        for (var i = 0; i < start.Length; i++)
        {
            start[i] = (float)((start[i] * scale) + (Gaussian(random) * 1e-4));
        }

        for (var axis = 0; axis < 2; axis++)
        {
            var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
            for (var i = 0; i < count; i++)
            {
                (min, max) = (Math.Min(min, start[(i * 2) + axis]), Math.Max(max, start[(i * 2) + axis]));
            }

            var range = max > min ? max - min : 1;
            for (var i = 0; i < count; i++)
            {
                start[(i * 2) + axis] = 10 * (start[(i * 2) + axis] - min) / range;
            }
        }

        return start;
    }

    /// <summary>umap-learn's optimize_layout_euclidean with head and tail the same embedding (both ends move).</summary>
    private static void Optimise(
        float[] y, int count, (int[] Heads, int[] Tails, float[] Weights) edges, UmapOptions options,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var epochs = options.EpochsFor(count);
        var (fitA, fitB) = UmapCurve.Fit(options.Spread, options.MinDistance);
        var (a, b, gamma) = ((float)fitA, (float)fitB, (float)options.Gamma);
        var maxWeight = edges.Weights.Max();
        // Edges too weak to be sampled once in all epochs are dropped; the others are sampled in proportion to weight.
        var kept = Enumerable.Range(0, edges.Weights.Length).Where(e => edges.Weights[e] >= maxWeight / epochs).ToArray();
        var heads = kept.Select(e => edges.Heads[e]).ToArray();
        var tails = kept.Select(e => edges.Tails[e]).ToArray();
        var perSample = kept.Select(e => maxWeight / edges.Weights[e]).ToArray();
        var perNegative = perSample.Select(e => e / options.NegativeSampleRate).ToArray();
        var nextSample = (float[])perSample.Clone();
        var nextNegative = (float[])perNegative.Clone();
        var random = new Random(options.Seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var alpha = (float)(options.InitialAlpha * (1 - ((double)epoch / epochs)));
            for (var e = 0; e < heads.Length; e++)
            {
                if (nextSample[e] > epoch)
                {
                    continue;
                }

                var (j, k) = (heads[e] * 2, tails[e] * 2);
                var (dx, dy) = (y[j] - y[k], y[j + 1] - y[k + 1]);
                var d2 = (dx * dx) + (dy * dy);
                if (d2 > 0)
                {
                    var power = MathF.Pow(d2, b);
                    var coefficient = -2 * a * b * power / d2 / ((a * power) + 1);
                    var (gx, gy) = (Math.Clamp(coefficient * dx, -Clip, Clip), Math.Clamp(coefficient * dy, -Clip, Clip));
                    y[j] += gx * alpha;
                    y[j + 1] += gy * alpha;
                    y[k] -= gx * alpha;
                    y[k + 1] -= gy * alpha;
                }

                nextSample[e] += perSample[e];
                var negatives = (int)((epoch - nextNegative[e]) / perNegative[e]);
                for (var s = 0; s < negatives; s++)
                {
                    var other = random.Next(count) * 2;
                    if (other == j)
                    {
                        continue;
                    }

                    var (nx, ny) = (y[j] - y[other], y[j + 1] - y[other + 1]);
                    var n2 = (nx * nx) + (ny * ny);
                    if (n2 > 0)
                    {
                        var coefficient = 2 * gamma * b / ((0.001f + n2) * ((a * MathF.Pow(n2, b)) + 1));
                        y[j] += Math.Clamp(coefficient * nx, -Clip, Clip) * alpha;
                        y[j + 1] += Math.Clamp(coefficient * ny, -Clip, Clip) * alpha;
                    }
                }

                nextNegative[e] += negatives * perNegative[e];
            }

            if (epoch % 5 == 4)
            {
                progress?.Report(0.05 + (0.95 * (epoch + 1) / epochs));
            }
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
