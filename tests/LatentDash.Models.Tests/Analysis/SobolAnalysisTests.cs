using LatentDash.Models.Analysis;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>Sobol indices against functions whose indices are known in closed form.</summary>
public sealed class SobolAnalysisTests
{
    // Ishigami, a = 7, b = 0.1, x ~ U(−π, π)³: the analytic indices (Saltelli et al., Global Sensitivity Analysis, 2008).
    private const double A = 7, B = 0.1;
    private static readonly double Variance = (A * A / 8) + (B * Math.Pow(Math.PI, 4) / 5) + (B * B * Math.Pow(Math.PI, 8) / 18) + 0.5;
    private static readonly double V1 = 0.5 * Math.Pow(1 + (B * Math.Pow(Math.PI, 4) / 5), 2);
    private static readonly double V2 = A * A / 8;
    private static readonly double V13 = (B * B * Math.Pow(Math.PI, 8) / 18) - (B * B * Math.Pow(Math.PI, 8) / 50);
    private static readonly double[] IshigamiFirst = [V1 / Variance, V2 / Variance, 0];
    private static readonly double[] IshigamiTotal = [(V1 + V13) / Variance, V2 / Variance, V13 / Variance];

    [Fact]
    public void The_analytic_ishigami_indices_are_the_published_ones()
    {
        Assert.Equal(0.314, IshigamiFirst[0], 3);
        Assert.Equal(0.442, IshigamiFirst[1], 3);
        Assert.Equal(0.558, IshigamiTotal[0], 3);
        Assert.Equal(0.244, IshigamiTotal[2], 3);
    }

    [Fact]
    public void Each_ab_block_is_a_with_one_column_taken_from_b()
    {
        var design = SobolDesign.Create(5, 3, SobolInputs.Uniform(0, 1), seed: 4);

        Assert.Equal((5, 3, 25), (design.Samples, design.Dimensions, design.RowCount));
        float Value(int block, int row, int column) => design.Rows[(((block * 5) + row) * 3) + column];
        for (var i = 0; i < 3; i++)
        {
            for (var r = 0; r < 5; r++)
            {
                for (var j = 0; j < 3; j++)
                {
                    Assert.Equal(j == i ? Value(1, r, j) : Value(0, r, j), Value(2 + i, r, j));
                }
            }
        }

        Assert.NotEqual(Value(0, 0, 0), Value(1, 0, 0));
        Assert.Equal(design.Rows, SobolDesign.Create(5, 3, SobolInputs.Uniform(0, 1), seed: 4).Rows);
    }

    [Fact]
    public void Ishigami_indices_fall_inside_their_bootstrap_intervals()
    {
        var indices = Ishigami(samples: 2048, seed: 1);

        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(IshigamiFirst[i], indices.FirstOrderLow[i], indices.FirstOrderHigh[i]);
            Assert.InRange(IshigamiTotal[i], indices.TotalLow[i], indices.TotalHigh[i]);
            Assert.True(indices.FirstOrderLow[i] <= indices.FirstOrder[i] && indices.FirstOrder[i] <= indices.FirstOrderHigh[i]);
        }

        Assert.Equal(2048, indices.Samples);
        Assert.Equal(200, indices.Resamples);
    }

    [Fact]
    public void Ishigami_indices_come_close_to_the_analytic_ones_for_a_large_sample()
    {
        var indices = Ishigami(samples: 65536, seed: 2);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(IshigamiFirst[i], indices.FirstOrder[i], 0.02);
            Assert.Equal(IshigamiTotal[i], indices.Total[i], 0.02);
            // The intervals narrow as N grows: they are about the estimator's spread, not decoration.
            Assert.True(indices.TotalHigh[i] - indices.TotalLow[i] < 0.05, $"S_T{i + 1} interval {indices.TotalLow[i]}..{indices.TotalHigh[i]}");
        }
    }

    [Fact]
    public void An_additive_linear_function_has_equal_first_and_total_indices_of_its_squared_weights()
    {
        double[] weights = [1, 2, 3, 0];
        var design = SobolDesign.Create(4096, 4, SobolInputs.Prior, seed: 3);
        var outputs = Evaluate(design, x => weights.Select((w, j) => w * x[j]).Sum());

        var indices = SobolAnalysis.Analyze(design.Samples, 4, outputs, 1, seed: 3);

        var sum = weights.Sum(w => w * w);
        for (var i = 0; i < 4; i++)
        {
            var expected = weights[i] * weights[i] / sum;
            Assert.InRange(expected, indices.FirstOrderLow[i], indices.FirstOrderHigh[i]);
            Assert.InRange(expected, indices.TotalLow[i], indices.TotalHigh[i]);
            Assert.Equal(expected, indices.Total[i], 0.03);
            Assert.Equal(expected, indices.FirstOrder[i], 0.05);
        }

        Assert.Equal(0, indices.Total[3], 12);
    }

    [Fact]
    public void Pooled_indices_weight_each_output_by_its_variance_and_each_output_keeps_its_own_total()
    {
        // Output 0 = x1 (variance 1), output 1 = 3·x2 (variance 9), output 2 constant: pooled S = (1/10, 9/10).
        var design = SobolDesign.Create(4096, 2, SobolInputs.Prior, seed: 5);
        var outputs = new float[design.RowCount * 3];
        for (var r = 0; r < design.RowCount; r++)
        {
            outputs[r * 3] = design.Rows[r * 2];
            outputs[(r * 3) + 1] = 3 * design.Rows[(r * 2) + 1];
            outputs[(r * 3) + 2] = 0.5f;
        }

        var indices = SobolAnalysis.Analyze(design.Samples, 2, outputs, 3, seed: 5);

        Assert.Equal(0.1, indices.Total[0], 0.02);
        Assert.Equal(0.9, indices.Total[1], 0.02);
        Assert.Equal(10, indices.Variance, 0.6);
        // Per output (row-major dimension × output): x1 is all of output 0 (up to the estimator's noise) and exactly none
        // of output 1 (AB_1 leaves it unchanged); output 2 never varies.
        Assert.Equal(1, indices.TotalPerOutput[0], 0.05);
        Assert.Equal(0, indices.TotalPerOutput[1], 6);
        Assert.Equal(0, indices.TotalPerOutput[3], 6);
        Assert.Equal(1, indices.TotalPerOutput[4], 0.05);
        Assert.Equal(0, indices.TotalPerOutput[2]);
        Assert.Equal(0, indices.TotalPerOutput[5]);
    }

    [Fact]
    public void Outputs_that_do_not_fill_the_design_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SobolAnalysis.Analyze(10, 2, new float[39], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SobolAnalysis.Analyze(10, 2, new float[40], 1, confidence: 1));
    }

    [Fact]
    public void Marginal_inputs_draw_each_dimension_from_the_encoded_values_of_that_dimension()
    {
        float[] mu = [1, 10, 2, 20, 3, 30];
        var design = SobolDesign.Create(200, 2, SobolInputs.Marginals(mu, 2), seed: 6);

        for (var r = 0; r < design.RowCount; r++)
        {
            Assert.InRange(design.Rows[r * 2], 1f, 3f);
            Assert.Equal(0, design.Rows[r * 2] % 1);
            Assert.Equal(0, design.Rows[(r * 2) + 1] % 10);
            Assert.InRange(design.Rows[(r * 2) + 1], 10f, 30f);
        }

        Assert.Equal([2.0, 20.0], SobolInputs.Centre(SobolDistribution.Posterior, mu, 2));
        Assert.Equal([0.0, 0.0], SobolInputs.Centre(SobolDistribution.Prior, mu, 2));
    }

    private static SobolIndices Ishigami(int samples, int seed)
    {
        var design = SobolDesign.Create(samples, 3, SobolInputs.Uniform(-Math.PI, Math.PI), seed);
        var outputs = Evaluate(design, x => Math.Sin(x[0]) + (A * Math.Pow(Math.Sin(x[1]), 2)) + (B * Math.Pow(x[2], 4) * Math.Sin(x[0])));
        return SobolAnalysis.Analyze(samples, 3, outputs, 1, seed: seed);
    }

    private static float[] Evaluate(SobolDesign design, Func<double[], double> f)
    {
        var outputs = new float[design.RowCount];
        for (var r = 0; r < design.RowCount; r++)
        {
            outputs[r] = (float)f([.. design.Rows.AsSpan(r * design.Dimensions, design.Dimensions).ToArray().Select(v => (double)v)]);
        }

        return outputs;
    }
}
