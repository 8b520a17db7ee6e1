namespace LatentDash.Models.Latent;

/// <summary>A latent space on the explorer's axes: the first k coordinates of every point under a projection, with
/// labels, class names and per-class statistics of each component.</summary>
public sealed record ProjectedSpace(
    ILatentProjection Projection,
    int Components,
    float[] Coordinates,
    byte[] Labels,
    IReadOnlyList<string> ClassNames,
    ComponentStatistics Statistics)
{
    public int Count => Labels.Length;

    /// <summary>Share of the latent means' variance the shown components carry (PCA: the explained variance).</summary>
    public double ExplainedVariance => Projection.ExplainedVarianceRatio.Take(Components).Sum();

    public static ProjectedSpace Create(LatentSpace space, ILatentProjection projection, int components)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(projection);
        var coordinates = projection.Transform(space.Mu, space.Count, components);
        var statistics = ComponentStatistics.Compute(coordinates, space.Labels, components, space.ClassNames.Count);
        return new ProjectedSpace(projection, components, coordinates, space.Labels, space.ClassNames, statistics);
    }

    public double[] CoordinatesOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return [.. Coordinates.AsSpan(index * Components, Components).ToArray().Select(v => (double)v)];
    }
}
