namespace LatentDash.Models.Analysis;

/// <summary>Sobol indices from a model's outputs on a <see cref="SobolDesign"/> (SALib's <c>sobol.analyze</c> half of
/// the split): first order by Saltelli (2010), S_i = E[f(B)(f(AB_i) − f(A))] / V, total by Jansen (1999),
/// S_Ti = ½ E[(f(A) − f(AB_i))²] / V, with V the variance over the A and B rows — the same estimators as SALib — and
/// percentile bootstrap intervals from resampling the N rows (each resample takes whole rows of A, B and every AB_i).</summary>
public static class SobolAnalysis
{
    public const int DefaultResamples = 200;

    public const double DefaultConfidence = 0.95;

    // An output whose variance is below this share of the largest is treated as constant: its ratio is noise.
    private const double ConstantShare = 1e-9;

    /// <summary>Analyses <paramref name="outputs"/>: <paramref name="width"/> values per design row, rows in the design's
    /// block order (A, B, AB_1 … AB_d), N rows per block.</summary>
    public static SobolIndices Analyze(
        int samples, int dimensions, ReadOnlySpan<float> outputs, int width,
        int resamples = DefaultResamples, double confidence = DefaultConfidence, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie strictly between 0 and 1");
        }

        var block = samples * width;
        if (outputs.Length != (long)block * (dimensions + 2))
        {
            throw new ArgumentException($"{outputs.Length} outputs are not {dimensions + 2} blocks of {samples} rows × {width}", nameof(outputs));
        }

        var a = outputs[..block];
        var b = outputs.Slice(block, block);

        // Per-output mean and variance over the 2N rows of A and B; outputs are centred on that mean (as SALib
        // standardises them), which leaves the estimators' expectations alone and cuts their variance.
        var mean = new double[width];
        var variance = new double[width];
        for (var r = 0; r < samples; r++)
        {
            for (var p = 0; p < width; p++)
            {
                mean[p] += a[(r * width) + p] + (double)b[(r * width) + p];
            }
        }

        for (var p = 0; p < width; p++)
        {
            mean[p] /= 2.0 * samples;
        }

        // Per-row sums over the outputs: everything the bootstrap needs except the variance's mean term.
        var rowFirst = new double[samples * dimensions];
        var rowTotal = new double[samples * dimensions];
        var rowSquares = new double[samples];
        var outputFirst = new double[dimensions * width];
        var outputTotal = new double[dimensions * width];
        for (var r = 0; r < samples; r++)
        {
            var ar = a.Slice(r * width, width);
            var br = b.Slice(r * width, width);
            double squares = 0;
            for (var p = 0; p < width; p++)
            {
                double fa = ar[p] - mean[p], fb = br[p] - mean[p];
                squares += (fa * fa) + (fb * fb);
            }

            rowSquares[r] = squares;
            for (var i = 0; i < dimensions; i++)
            {
                var abr = outputs.Slice(((2 + i) * block) + (r * width), width);
                double first = 0, total = 0;
                for (var p = 0; p < width; p++)
                {
                    double fa = ar[p] - mean[p], fb = br[p] - mean[p], fab = abr[p] - mean[p];
                    var f = fb * (fab - fa);
                    var t = 0.5 * (fa - fab) * (fa - fab);
                    first += f;
                    total += t;
                    outputFirst[(i * width) + p] += f;
                    outputTotal[(i * width) + p] += t;
                }

                rowFirst[(r * dimensions) + i] = first;
                rowTotal[(r * dimensions) + i] = total;
            }

            for (var p = 0; p < width; p++)
            {
                double fa = ar[p] - mean[p], fb = br[p] - mean[p];
                variance[p] += ((fa * fa) + (fb * fb)) / (2.0 * samples);
            }
        }

        var pooled = variance.Sum();
        var firstOrder = new double[dimensions];
        var totalOrder = new double[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            double first = 0, total = 0;
            for (var r = 0; r < samples; r++)
            {
                first += rowFirst[(r * dimensions) + i];
                total += rowTotal[(r * dimensions) + i];
            }

            firstOrder[i] = Ratio(first / samples, pooled);
            totalOrder[i] = Ratio(total / samples, pooled);
        }

        var constant = variance.Max() * ConstantShare;
        var perOutput = new float[dimensions * width];
        for (var i = 0; i < dimensions; i++)
        {
            for (var p = 0; p < width; p++)
            {
                perOutput[(i * width) + p] = variance[p] > constant ? (float)(outputTotal[(i * width) + p] / samples / variance[p]) : 0f;
            }
        }

        var (firstLow, firstHigh, totalLow, totalHigh) = Bootstrap(
            samples, dimensions, width, a, b, mean, rowFirst, rowTotal, rowSquares, resamples, confidence, seed);
        return new SobolIndices
        {
            Samples = samples,
            Dimensions = dimensions,
            Outputs = width,
            Resamples = resamples,
            Confidence = confidence,
            Variance = pooled,
            FirstOrder = firstOrder,
            FirstOrderLow = firstLow,
            FirstOrderHigh = firstHigh,
            Total = totalOrder,
            TotalLow = totalLow,
            TotalHigh = totalHigh,
            TotalPerOutput = perOutput,
            OutputVariance = [.. variance.Select(v => (float)v)],
        };
    }

    /// <summary>The q-quantile of sorted values, interpolated linearly (numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static (double[] FirstLow, double[] FirstHigh, double[] TotalLow, double[] TotalHigh) Bootstrap(
        int samples, int dimensions, int width, ReadOnlySpan<float> a, ReadOnlySpan<float> b, double[] mean,
        double[] rowFirst, double[] rowTotal, double[] rowSquares, int resamples, double confidence, int seed)
    {
        var random = new Random(unchecked(seed + 7919));
        var counts = new int[samples];
        var centre = new double[width];
        var first = new double[dimensions * resamples];
        var total = new double[dimensions * resamples];
        for (var k = 0; k < resamples; k++)
        {
            Array.Clear(counts);
            for (var r = 0; r < samples; r++)
            {
                counts[random.Next(samples)]++;
            }

            // V* = E*[f²] − Σ_p (E*[f_p])² on the resampled A and B rows (already centred on the full mean).
            Array.Clear(centre);
            double squares = 0;
            for (var r = 0; r < samples; r++)
            {
                var c = counts[r];
                if (c == 0)
                {
                    continue;
                }

                squares += c * rowSquares[r];
                var ar = a.Slice(r * width, width);
                var br = b.Slice(r * width, width);
                for (var p = 0; p < width; p++)
                {
                    centre[p] += c * ((ar[p] - mean[p]) + (br[p] - mean[p]));
                }
            }

            var pooled = squares / (2.0 * samples);
            for (var p = 0; p < width; p++)
            {
                var m = centre[p] / (2.0 * samples);
                pooled -= m * m;
            }

            for (var i = 0; i < dimensions; i++)
            {
                double f = 0, t = 0;
                for (var r = 0; r < samples; r++)
                {
                    if (counts[r] != 0)
                    {
                        f += counts[r] * rowFirst[(r * dimensions) + i];
                        t += counts[r] * rowTotal[(r * dimensions) + i];
                    }
                }

                first[(i * resamples) + k] = Ratio(f / samples, pooled);
                total[(i * resamples) + k] = Ratio(t / samples, pooled);
            }
        }

        var tail = (1 - confidence) / 2;
        var result = (new double[dimensions], new double[dimensions], new double[dimensions], new double[dimensions]);
        for (var i = 0; i < dimensions; i++)
        {
            var f = first.AsSpan(i * resamples, resamples);
            var t = total.AsSpan(i * resamples, resamples);
            f.Sort();
            t.Sort();
            result.Item1[i] = Quantile(f, tail);
            result.Item2[i] = Quantile(f, 1 - tail);
            result.Item3[i] = Quantile(t, tail);
            result.Item4[i] = Quantile(t, 1 - tail);
        }

        return result;
    }

    private static double Ratio(double part, double whole) => whole > 0 ? part / whole : 0;
}
