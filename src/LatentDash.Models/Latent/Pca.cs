using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Latent;

/// <summary>Principal component analysis of row vectors (e.g. latent means): fit, transform, inverse transform and
/// the explained-variance ratio per component. Pure computation on arrays.</summary>
/// <remarks>The covariance (n − 1 denominator, as scikit-learn) is diagonalised by LAPACK through torch.linalg.eigh in
/// float64. An eigenvector's sign is arbitrary: each axis is signed so its largest loading is positive, which makes the
/// result deterministic.</remarks>
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

        double[] mean, values, vectors;
        using (NewDisposeScope())
        {
            var x = tensor(data.ToArray()).reshape(rows, dimensions).to_type(ScalarType.Float64);
            var centre = x.mean([0]);
            var centred = x - centre;
            using var degrees = (rows - 1).ToScalar();
            var covariance = centred.t().matmul(centred).div(degrees);
            var (eigenvalues, eigenvectors) = linalg.eigh(covariance);
            mean = centre.data<double>().ToArray();
            values = eigenvalues.data<double>().ToArray();
            // Row-major n × n: eigenvector j is column j, element i at [i * n + j].
            vectors = eigenvectors.contiguous().data<double>().ToArray();
        }

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
                axis[i] = vectors[(i * dimensions) + source];
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
}
