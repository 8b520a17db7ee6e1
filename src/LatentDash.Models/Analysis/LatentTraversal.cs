using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>Latent traversals (the original notebooks' figure): from a sample's coordinates on some axes — the raw
/// latent dimensions or the principal components — move one coordinate at a time across a range and keep the others,
/// so a row of decodes shows what that axis alone changes. Pure computations on arrays: the caller decodes
/// <see cref="TraversalPoints.Z"/> in one batch.</summary>
public static class LatentTraversal
{
    /// <summary>Below this a posterior variance is taken as this, so that log σ² stays finite.</summary>
    private const double MinimumVariance = 1e-12;

    /// <summary><paramref name="steps"/> values from <paramref name="low"/> to <paramref name="high"/>, equally
    /// spaced; the ends are exactly the bounds.</summary>
    public static double[] Steps(double low, double high, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var values = new double[steps];
        for (var s = 0; s < steps; s++)
        {
            var t = (double)s / (steps - 1);
            values[s] = ((1 - t) * low) + (t * high);
        }

        // (1 − t)·low + t·high is exact at t = 0 and t = 1, but say so rather than rely on it.
        values[0] = low;
        values[^1] = high;
        return values;
    }

    /// <summary>The variance of the posterior N(μ, diag σ²) along each of the axes: Σᵢ aₖᵢ² σᵢ² for the unit axis aₖ
    /// (for the raw axes, σₖ² itself).</summary>
    public static double[] AxisVariances(ILatentProjection axes, ReadOnlySpan<float> logVar)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var d = axes.Dimensions;
        if (logVar.Length != d)
        {
            throw new ArgumentException($"{logVar.Length} log variances for {d} dimensions", nameof(logVar));
        }

        var directions = Directions(axes);
        var variances = new double[d];
        for (var k = 0; k < d; k++)
        {
            double sum = 0;
            for (var i = 0; i < d; i++)
            {
                sum += directions[k][i] * directions[k][i] * Math.Exp(logVar[i]);
            }

            variances[k] = sum;
        }

        return variances;
    }

    /// <summary>Per axis, the range a traversal of <paramref name="sample"/> covers.</summary>
    /// <param name="axes">The axes: raw dimensions or principal components (all of them).</param>
    /// <param name="space">The validation set's latent space the sample belongs to.</param>
    /// <param name="sample">The sample's index in <paramref name="space"/>.</param>
    /// <param name="range">Which reach.</param>
    /// <param name="k">Posterior standard deviations either side, for <see cref="TraversalRange.Sigma"/>.</param>
    public static (double[] Low, double[] High) Ranges(ILatentProjection axes, LatentSpace space, int sample, TraversalRange range, double k)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, space.Count);
        var d = space.Dimensions;
        if (axes.Dimensions != d)
        {
            throw new ArgumentException($"axes of {axes.Dimensions} dimensions for a space of {d}", nameof(axes));
        }

        var low = new double[d];
        var high = new double[d];
        if (range == TraversalRange.Data)
        {
            var coordinates = axes.Transform(space.Mu, space.Count, d);
            low.AsSpan().Fill(double.PositiveInfinity);
            high.AsSpan().Fill(double.NegativeInfinity);
            for (var i = 0; i < space.Count; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    var v = coordinates[(i * d) + j];
                    low[j] = Math.Min(low[j], v);
                    high[j] = Math.Max(high[j], v);
                }
            }

            return (low, high);
        }

        if (range == TraversalRange.Sigma && !(double.IsFinite(k) && k > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be a finite number above zero");
        }

        var centre = axes.Transform(space.MuOf(sample), d);
        var variances = AxisVariances(axes, space.LogVar.AsSpan(sample * d, d));
        for (var j = 0; j < d; j++)
        {
            var variance = Math.Max(variances[j], MinimumVariance);
            var reach = range switch
            {
                TraversalRange.LogVar => Math.Abs(Math.Log(variance)),
                TraversalRange.Sigma => k * Math.Sqrt(variance),
                _ => throw new ArgumentOutOfRangeException(nameof(range), range, "unknown range"),
            };
            (low[j], high[j]) = (centre[j] - reach, centre[j] + reach);
        }

        return (low, high);
    }

    /// <summary>The grid's latent vectors: one row per axis, each moving only that axis' coordinate from its low to its
    /// high bound while the others stay at <paramref name="centre"/>.</summary>
    /// <param name="axes">The axes the coordinates are on.</param>
    /// <param name="centre">The sample's coordinates on all the axes.</param>
    /// <param name="low">Per axis, the first column's coordinate.</param>
    /// <param name="high">Per axis, the last column's coordinate.</param>
    /// <param name="steps">Columns.</param>
    public static TraversalPoints Grid(
        ILatentProjection axes, IReadOnlyList<double> centre, IReadOnlyList<double> low, IReadOnlyList<double> high, int steps)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var d = axes.Dimensions;
        if (centre.Count != d || low.Count != d || high.Count != d)
        {
            throw new ArgumentException($"{centre.Count} coordinates and {low.Count}/{high.Count} bounds for {d} axes");
        }

        var values = new double[d * steps];
        var z = new float[d * steps * d];
        var coordinates = centre.ToArray();
        for (var row = 0; row < d; row++)
        {
            var along = Steps(low[row], high[row], steps);
            along.CopyTo(values, row * steps);
            for (var s = 0; s < steps; s++)
            {
                coordinates[row] = along[s];
                var point = axes.InverseTransform(coordinates);
                for (var i = 0; i < d; i++)
                {
                    z[(((row * steps) + s) * d) + i] = (float)point[i];
                }
            }

            coordinates[row] = centre[row];
        }

        return new TraversalPoints(d, steps, d, [.. low], [.. high], values, z);
    }

    /// <summary>The traversal of one sample of the space: its coordinates, the ranges, the grid.</summary>
    public static TraversalPoints OfSample(ILatentProjection axes, LatentSpace space, int sample, TraversalRange range, double k, int steps)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(space);
        var (low, high) = Ranges(axes, space, sample, range, k);
        return Grid(axes, axes.Transform(space.MuOf(sample), space.Dimensions), low, high, steps);
    }

    // The unit direction of each axis in latent space: the difference its unit coordinate makes.
    private static double[][] Directions(ILatentProjection axes)
    {
        var d = axes.Dimensions;
        var origin = axes.InverseTransform(new double[d]);
        var directions = new double[d][];
        for (var k = 0; k < d; k++)
        {
            var unit = new double[d];
            unit[k] = 1;
            var point = axes.InverseTransform(unit);
            directions[k] = [.. point.Select((v, i) => v - origin[i])];
        }

        return directions;
    }
}
