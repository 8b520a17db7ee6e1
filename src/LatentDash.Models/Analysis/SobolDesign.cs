namespace LatentDash.Models.Analysis;

/// <summary>Saltelli's sampling design for Sobol indices (SALib's <c>saltelli.sample</c> half of the split): two
/// independent N × d matrices A and B, and for each dimension i the matrix AB_i — A with column i taken from B. The
/// rows are laid out block after block, A, B, AB_1 … AB_d, N·(d+2) rows of d values, row-major: the model runs on them
/// in batches and <see cref="SobolAnalysis"/> reads its outputs in the same order.</summary>
public sealed class SobolDesign
{
    private SobolDesign(int samples, int dimensions, float[] rows)
    {
        Samples = samples;
        Dimensions = dimensions;
        Rows = rows;
    }

    /// <summary>N: rows of A (and of B, and of each AB_i).</summary>
    public int Samples { get; }

    public int Dimensions { get; }

    /// <summary>Number of blocks of N rows: A, B and one AB_i per dimension.</summary>
    public int Blocks => Dimensions + 2;

    public int RowCount => Samples * Blocks;

    /// <summary>All rows, row-major (RowCount × Dimensions).</summary>
    public float[] Rows { get; }

    /// <summary>Draws A and B with <paramref name="draw"/>(random, dimension) — every value independent, as the variance
    /// decomposition requires — from one seeded generator, and builds the AB_i blocks.</summary>
    public static SobolDesign Create(int samples, int dimensions, Func<Random, int, double> draw, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentNullException.ThrowIfNull(draw);
        var rowCount = checked(samples * (dimensions + 2));
        var rows = new float[checked(rowCount * dimensions)];
        var random = new Random(seed);
        var block = samples * dimensions;
        // A then B, row by row.
        for (var k = 0; k < 2 * block; k++)
        {
            rows[k] = (float)draw(random, k % dimensions);
        }

        for (var i = 0; i < dimensions; i++)
        {
            var ab = rows.AsSpan((2 + i) * block, block);
            rows.AsSpan(0, block).CopyTo(ab);
            for (var r = 0; r < samples; r++)
            {
                ab[(r * dimensions) + i] = rows[block + (r * dimensions) + i];
            }
        }

        return new SobolDesign(samples, dimensions, rows);
    }
}
