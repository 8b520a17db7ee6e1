namespace LatentDash.Models.Analysis;

/// <summary>Interpolation between two latent vectors (the original notebooks' morph between two images): equally spaced
/// points on a straight line or on the great-circle arc between them (slerp). Pure computation: the caller decodes the
/// points in one batch. The first and last points are exactly the two ends.</summary>
public static class LatentInterpolation
{
    /// <summary>Below this sin ω the two vectors are (anti)parallel or zero, the arc is undefined, and the line is used.</summary>
    private const double ParallelSine = 1e-9;

    /// <summary><paramref name="steps"/> points from <paramref name="from"/> to <paramref name="to"/>, row-major
    /// (steps × dimensions).</summary>
    public static float[] Points(ReadOnlySpan<double> from, ReadOnlySpan<double> to, int steps, InterpolationPath path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        if (from.Length != to.Length || from.IsEmpty)
        {
            throw new ArgumentException($"vectors of {from.Length} and {to.Length} values cannot be interpolated");
        }

        var d = from.Length;
        var (a, b) = (from.ToArray(), to.ToArray());
        var (wa, wb) = path switch
        {
            InterpolationPath.Linear => Linear(steps),
            InterpolationPath.Slerp => Spherical(a, b, steps) ?? Linear(steps),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown path"),
        };
        var points = new float[steps * d];
        for (var s = 0; s < steps; s++)
        {
            for (var i = 0; i < d; i++)
            {
                points[(s * d) + i] = (float)((wa[s] * a[i]) + (wb[s] * b[i]));
            }
        }

        // The ends are the samples themselves, whatever rounding the weights had.
        for (var i = 0; i < d; i++)
        {
            points[i] = (float)a[i];
            points[((steps - 1) * d) + i] = (float)b[i];
        }

        return points;
    }

    /// <summary>Weights of the two ends at each step along the line: 1 − t and t.</summary>
    private static (double[] From, double[] To) Linear(int steps)
    {
        var (wa, wb) = (new double[steps], new double[steps]);
        for (var s = 0; s < steps; s++)
        {
            var t = (double)s / (steps - 1);
            (wa[s], wb[s]) = (1 - t, t);
        }

        return (wa, wb);
    }

    /// <summary>Weights along the arc: sin((1 − t)ω)/sin ω and sin(tω)/sin ω, ω the angle between the vectors; null
    /// when the angle is undefined or zero.</summary>
    private static (double[] From, double[] To)? Spherical(double[] a, double[] b, int steps)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        if (na == 0 || nb == 0)
        {
            return null;
        }

        var omega = Math.Acos(Math.Clamp(dot / Math.Sqrt(na * nb), -1, 1));
        var sine = Math.Sin(omega);
        if (sine < ParallelSine)
        {
            return null;
        }

        var (wa, wb) = (new double[steps], new double[steps]);
        for (var s = 0; s < steps; s++)
        {
            var t = (double)s / (steps - 1);
            (wa[s], wb[s]) = (Math.Sin((1 - t) * omega) / sine, Math.Sin(t * omega) / sine);
        }

        return (wa, wb);
    }
}
