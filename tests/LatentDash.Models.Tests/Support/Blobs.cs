namespace LatentDash.Models.Tests.Support;

/// <summary>Labelled Gaussian blobs: well-separated clusters whose embedding must keep them apart.</summary>
public static class Blobs
{
    /// <summary><paramref name="clusters"/> × <paramref name="perCluster"/> points of <paramref name="dimensions"/>
    /// values, unit-variance blobs around centres drawn at distance ≈ <paramref name="separation"/>·√d, interleaved so
    /// that the first points are a fair sample.</summary>
    public static (float[] Points, byte[] Labels) Create(int clusters, int perCluster, int dimensions, double separation, int seed)
    {
        var random = new Random(seed);
        var centres = new double[clusters, dimensions];
        for (var c = 0; c < clusters; c++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                centres[c, d] = separation * Gaussian(random);
            }
        }

        var count = clusters * perCluster;
        var points = new float[count * dimensions];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var c = i % clusters;
            labels[i] = (byte)c;
            for (var d = 0; d < dimensions; d++)
            {
                points[(i * dimensions) + d] = (float)(centres[c, d] + Gaussian(random));
            }
        }

        return (points, labels);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
