using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Support;

/// <summary>Small deterministic inputs for network and trainer tests: labelled blobs whose brightness follows the class.</summary>
public static class Synthetic
{
    public static ImageTensors Images(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var label = (byte)(i % 10);
            labels[i] = label;
            for (var p = 0; p < 28 * 28; p++)
            {
                var row = p / 28;
                var inside = row >= label * 2 && row < (label * 2) + 8;
                pixels[(i * 784) + p] = (byte)(inside ? 200 + random.Next(55) : random.Next(30));
            }
        }

        return ImageTensors.Create(pixels, labels, 1, 28, 28);
    }

    public static VaeConfig Config(string architecture, int latentDim = 4, double beta = 4, bool conditionedDecoder = false) =>
        Architectures.CreateConfig(architecture, new VaeHyperparameters("synthetic", latentDim, beta) { ConditionedDecoder = conditionedDecoder });

    public static TheoryData<string> ArchitectureNames() => new(Architectures.Names);
}
