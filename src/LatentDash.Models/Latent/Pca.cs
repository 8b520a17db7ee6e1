namespace LatentDash.Models.Latent;

/// <summary>Principal component analysis of row vectors (e.g. latent means): fit, transform, inverse transform and
/// the explained-variance ratio per component. Pure computation on arrays.</summary>
/// <remarks>The covariance (n − 1 denominator, as scikit-learn) is diagonalised with the cyclic Jacobi method, exact
/// and fast for the few dimensions of a latent space. Each axis is signed so its largest loading is positive, which
/// makes the result deterministic.</remarks>
public sealed class Pca
{
    private readonly double[] mean;
    private readonly double[][] axes;

    private Pca(double[] mean, double[][] axes, double[] variance)
    {
        this.mean = mean;
        this.axes = axes;
        ExplainedVariance = variance;
        var total = variance.Sum();
        ExplainedVarianceRatio = variance.Select(v => total > 0 ? v / total : 0).ToArray();
    }

    /// <summary>Number of input dimensions (and of components).</summary>
    public int Dimensions => mean.Length;

    public IReadOnlyList<double> Mean => mean;

    /// <summary>Variance along each component, largest first.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Each component's share of the total variance, largest first; sums to 1.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>The unit axis of component <paramref name="index"/> in input space.</summary>
    public IReadOnlyList<double> Component(int index) => axes[index];

    /// <summary>Fits to <paramref name="rows"/> vectors of <paramref name="dimensions"/> values, row-major.</summary>
    public static Pca Fit(ReadOnlySpan<float> data, int rows, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (data.Length != rows * dimensions)
        {
            throw new ArgumentException($"{data.Length} values are not {rows} rows of {dimensions}", nameof(data));
        }

        var mean = new double[dimensions];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < dimensions; c++)
            {
                mean[c] += data[(r * dimensions) + c];
            }
        }

        for (var c = 0; c < dimensions; c++)
        {
            mean[c] /= rows;
        }

        var covariance = new double[dimensions, dimensions];
        var centred = new double[dimensions];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < dimensions; c++)
            {
                centred[c] = data[(r * dimensions) + c] - mean[c];
            }

            for (var i = 0; i < dimensions; i++)
            {
                for (var j = i; j < dimensions; j++)
                {
                    covariance[i, j] += centred[i] * centred[j];
                }
            }
        }

        for (var i = 0; i < dimensions; i++)
        {
            for (var j = i; j < dimensions; j++)
            {
                covariance[i, j] /= rows - 1;
                covariance[j, i] = covariance[i, j];
            }
        }

        var (values, vectors) = SymmetricEigen(covariance);
        var order = Enumerable.Range(0, dimensions).OrderByDescending(i => values[i]).ToArray();
        var axes = new double[dimensions][];
        var variance = new double[dimensions];
        for (var k = 0; k < dimensions; k++)
        {
            var source = order[k];
            variance[k] = Math.Max(values[source], 0);
            var axis = new double[dimensions];
            var largest = 0.0;
            for (var i = 0; i < dimensions; i++)
            {
                axis[i] = vectors[i, source];
                if (Math.Abs(axis[i]) > Math.Abs(largest))
                {
                    largest = axis[i];
                }
            }

            if (largest < 0)
            {
                for (var i = 0; i < dimensions; i++)
                {
                    axis[i] = -axis[i];
                }
            }

            axes[k] = axis;
        }

        return new Pca(mean, axes, variance);
    }

    /// <summary>The first <paramref name="components"/> coordinates of one vector.</summary>
    public double[] Transform(ReadOnlySpan<double> vector, int components)
    {
        CheckComponents(components);
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"expected {Dimensions} values, got {vector.Length}", nameof(vector));
        }

        var result = new double[components];
        for (var k = 0; k < components; k++)
        {
            var axis = axes[k];
            double sum = 0;
            for (var i = 0; i < Dimensions; i++)
            {
                sum += (vector[i] - mean[i]) * axis[i];
            }

            result[k] = sum;
        }

        return result;
    }

    /// <summary>The first <paramref name="components"/> coordinates of every row, row-major.</summary>
    public float[] Transform(ReadOnlySpan<float> data, int rows, int components)
    {
        CheckComponents(components);
        if (data.Length != rows * Dimensions)
        {
            throw new ArgumentException($"{data.Length} values are not {rows} rows of {Dimensions}", nameof(data));
        }

        var result = new float[rows * components];
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * Dimensions, Dimensions);
            for (var k = 0; k < components; k++)
            {
                var axis = axes[k];
                double sum = 0;
                for (var i = 0; i < Dimensions; i++)
                {
                    sum += (row[i] - mean[i]) * axis[i];
                }

                result[(r * components) + k] = (float)sum;
            }
        }

        return result;
    }

    /// <summary>The input-space vector of the given coordinates on the first components (mean + Σ cₖ·axisₖ).</summary>
    public double[] InverseTransform(ReadOnlySpan<double> coordinates)
    {
        CheckComponents(coordinates.Length);
        var result = (double[])mean.Clone();
        for (var k = 0; k < coordinates.Length; k++)
        {
            var axis = axes[k];
            for (var i = 0; i < Dimensions; i++)
            {
                result[i] += coordinates[k] * axis[i];
            }
        }

        return result;
    }

    private void CheckComponents(int components)
    {
        if (components < 1 || components > Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"must be in 1..{Dimensions}");
        }
    }

    /// <summary>Cyclic Jacobi rotations until the off-diagonal mass vanishes; returns eigenvalues and column eigenvectors.</summary>
    private static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diagonal = 0;
            for (var i = 0; i < n; i++)
            {
                diagonal += a[i, i] * a[i, i];
                for (var j = i + 1; j < n; j++)
                {
                    off += a[i, j] * a[i, j];
                }
            }

            if (off <= 1e-30 * Math.Max(diagonal, 1e-300))
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }

        return (values, v);
    }
}
