namespace LatentDash.Models.Analysis;

/// <summary>The a and b of UMAP's low-dimensional similarity 1 / (1 + a d^2b): fitted by least squares to the curve
/// that is 1 up to min_dist and exp(−(d − min_dist) / spread) after it, on 300 points of [0, 3·spread], as umap-learn's
/// find_ab_params does with scipy's curve_fit (Levenberg–Marquardt here too).</summary>
public static class UmapCurve
{
    private const int Samples = 300;

    public static (double A, double B) Fit(double spread, double minDistance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spread);
        ArgumentOutOfRangeException.ThrowIfNegative(minDistance);
        var x = Enumerable.Range(0, Samples).Select(i => 3 * spread * i / (Samples - 1)).ToArray();
        var y = x.Select(d => d < minDistance ? 1.0 : Math.Exp(-(d - minDistance) / spread)).ToArray();
        double a = 1, b = 1, lambda = 1e-3;
        var cost = Cost(x, y, a, b);
        for (var iteration = 0; iteration < 500; iteration++)
        {
            // Normal equations of the 2-parameter Gauss–Newton step, damped (Levenberg–Marquardt).
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (var i = 1; i < x.Length; i++)
            {
                var p = Math.Pow(x[i], 2 * b);
                var f = 1 / (1 + (a * p));
                var r = f - y[i];
                var da = -p * f * f;
                var db = -a * p * 2 * Math.Log(x[i]) * f * f;
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }

            var (ma, mb) = (jaa * (1 + lambda), jbb * (1 + lambda));
            var determinant = (ma * mb) - (jab * jab);
            var stepA = -((mb * ga) - (jab * gb)) / determinant;
            var stepB = -((ma * gb) - (jab * ga)) / determinant;
            var trial = Cost(x, y, a + stepA, b + stepB);
            if (trial < cost)
            {
                (a, b, cost, lambda) = (a + stepA, b + stepB, trial, lambda / 10);
                if (Math.Abs(stepA) < 1e-12 && Math.Abs(stepB) < 1e-12)
                {
                    break;
                }
            }
            else
            {
                lambda *= 10;
                if (lambda > 1e12)
                {
                    break;
                }
            }
        }

        return (a, b);
    }

    // x = 0 gives f = 1 for every a, b > 0: it carries no gradient and is skipped.
    private static double Cost(double[] x, double[] y, double a, double b)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var r = (1 / (1 + (a * Math.Pow(x[i], 2 * b)))) - y[i];
            sum += r * r;
        }

        return sum;
    }
}
