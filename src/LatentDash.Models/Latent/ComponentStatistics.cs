namespace LatentDash.Models.Latent;

/// <summary>Per class and per component: mean and standard deviation of the projected points (the original's slider
/// range is a class's mean ± std), and each component's global minimum and maximum.</summary>
public sealed class ComponentStatistics
{
    private ComponentStatistics(double[,] mean, double[,] std, double[] min, double[] max)
    {
        Mean = mean;
        Std = std;
        Min = min;
        Max = max;
    }

    /// <summary>[class, component].</summary>
    public double[,] Mean { get; }

    /// <summary>[class, component], population standard deviation; 0 for a class with one point.</summary>
    public double[,] Std { get; }

    public double[] Min { get; }

    public double[] Max { get; }

    /// <summary>Computes the statistics of Count × components coordinates labelled with classes 0..classCount−1.</summary>
    public static ComponentStatistics Compute(ReadOnlySpan<float> coordinates, ReadOnlySpan<byte> labels, int components, int classCount)
    {
        var count = labels.Length;
        if (coordinates.Length != count * components)
        {
            throw new ArgumentException($"{coordinates.Length} coordinates are not {count} rows of {components}", nameof(coordinates));
        }

        var sum = new double[classCount, components];
        var squares = new double[classCount, components];
        var members = new int[classCount];
        var min = Enumerable.Repeat(double.PositiveInfinity, components).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, components).ToArray();
        for (var i = 0; i < count; i++)
        {
            var c = labels[i];
            members[c]++;
            for (var k = 0; k < components; k++)
            {
                double v = coordinates[(i * components) + k];
                sum[c, k] += v;
                squares[c, k] += v * v;
                min[k] = Math.Min(min[k], v);
                max[k] = Math.Max(max[k], v);
            }
        }

        var mean = new double[classCount, components];
        var std = new double[classCount, components];
        for (var c = 0; c < classCount; c++)
        {
            for (var k = 0; k < components; k++)
            {
                if (members[c] == 0)
                {
                    continue;
                }

                mean[c, k] = sum[c, k] / members[c];
                std[c, k] = Math.Sqrt(Math.Max((squares[c, k] / members[c]) - (mean[c, k] * mean[c, k]), 0));
            }
        }

        return new ComponentStatistics(mean, std, min, max);
    }
}
