namespace LatentDash.Models.Analysis;

/// <summary>The latent vectors of a traversal grid: row r moves the sample's coordinate on axis r from
/// <see cref="Low"/>[r] to <see cref="High"/>[r] in <see cref="Steps"/> equal steps, every other coordinate held.</summary>
/// <param name="Rows">Axes traversed (one row each).</param>
/// <param name="Steps">Columns per row.</param>
/// <param name="Dimensions">Latent dimension.</param>
/// <param name="Low">Per row, the coordinate of the first column.</param>
/// <param name="High">Per row, the coordinate of the last column.</param>
/// <param name="Values">Rows × Steps: the coordinate each cell takes on its row's axis.</param>
/// <param name="Z">Rows × Steps × Dimensions, row-major: the latent vector of each cell, ready for one batch decode.</param>
public sealed record TraversalPoints(int Rows, int Steps, int Dimensions, double[] Low, double[] High, double[] Values, float[] Z)
{
    public int Count => Rows * Steps;

    /// <summary>The latent vector of one cell.</summary>
    public ReadOnlySpan<float> Cell(int row, int step) => Z.AsSpan(((row * Steps) + step) * Dimensions, Dimensions);
}
