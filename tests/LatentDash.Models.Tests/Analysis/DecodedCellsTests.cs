using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>Traversals and interpolations decoded through a real (tiny) branched model.</summary>
public class DecodedCellsTests
{
    private static ExplorableModel TrainedModel(TempDirectory temp)
    {
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(temp.Path);
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(64);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name, latentDim: 3) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
        var directory = store.Write(parameters, model, result);
        return ExplorableModel.Load(directory, ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);
    }

    [Fact]
    public void An_interpolation_strip_starts_and_ends_on_the_decodes_of_the_two_samples()
    {
        using var temp = new TempDirectory();
        using var model = TrainedModel(temp);
        var (a, b) = (5, 17);
        var ends = model.Space.Mu.AsSpan(a * 3, 3).ToArray().Concat(model.Space.Mu.AsSpan(b * 3, 3).ToArray()).ToArray();
        var expected = DecodedCells.Decode(model, ends, 0);

        var strip = DecodedCells.Decode(model, LatentInterpolation.Points(model.Space.MuOf(a), model.Space.MuOf(b), 6, InterpolationPath.Slerp), 0);

        Assert.Equal((6, 28, 28, 6 * 784), (strip.Count, strip.Width, strip.Height, strip.Pixels.Length));
        for (var p = 0; p < 784; p++)
        {
            Assert.Equal(expected.Image(0)[p], strip.Image(0)[p], 5);
            Assert.Equal(expected.Image(1)[p], strip.Image(5)[p], 5);
        }

        Assert.NotEqual(strip.Image(0).ToArray(), strip.Image(5).ToArray());
    }

    [Fact]
    public void Each_cell_carries_the_classifiers_most_probable_class_and_its_probability()
    {
        using var temp = new TempDirectory();
        using var model = TrainedModel(temp);
        var grid = LatentTraversal.OfSample(model.Raw, model.Space, 0, TraversalRange.Sigma, 3, 5);

        var cells = DecodedCells.Decode(model, grid.Z, 0);

        Assert.Equal(15, cells.Count);
        var probabilities = model.ClassProbabilitiesMany(cells.Pixels)!;
        for (var i = 0; i < cells.Count; i++)
        {
            var row = probabilities.AsSpan(i * 10, 10).ToArray();
            Assert.Equal(Array.IndexOf(row, row.Max()), cells.Predicted![i]);
            Assert.Equal(row.Max(), cells.Probability![i], 5);
        }

        // The middle column decodes the sample's own μ: its reconstruction.
        var reconstruction = model.Reconstruction(0);
        for (var p = 0; p < 784; p++)
        {
            Assert.Equal(reconstruction[p], cells.Image(2)[p], 3);
        }

        var png = cells.Png(0, 5, 5, scale: 2);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}
