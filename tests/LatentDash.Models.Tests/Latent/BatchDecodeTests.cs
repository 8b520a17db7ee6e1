using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Latent;

public class BatchDecodeTests
{
    [Theory]
    [InlineData(BranchedVaeConfig.Name, false)]
    [InlineData(ConditionalVaeConfig.Name, true)]
    public void Decoding_many_rows_at_once_equals_decoding_each_alone(string architecture, bool conditioned)
    {
        using var temp = new TempDirectory();
        using var explorable = Load(temp.Path, architecture, conditioned);
        // 300 rows: more than one internal batch.
        var z = new float[300 * 3];
        var random = new Random(5);
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var labels = Enumerable.Range(0, 300).Select(i => i % 10).ToArray();
        var many = explorable.DecodeMany(z, labels);

        Assert.Equal(300 * explorable.ImageSize, many.Length);
        foreach (var row in new[] { 0, 1, 255, 256, 299 })
        {
            var alone = explorable.Decode(z.AsSpan(row * 3, 3).ToArray().Select(v => (double)v).ToArray(), labels[row]);
            var batched = many.AsSpan(row * explorable.ImageSize, explorable.ImageSize).ToArray();
            Assert.All(alone.Zip(batched), p => Assert.Equal(p.First, p.Second, 4));
        }
    }

    [Fact]
    public void Class_probabilities_of_many_images_equal_those_of_each_image()
    {
        using var temp = new TempDirectory();
        using var explorable = Load(temp.Path, BranchedVaeConfig.Name, conditioned: false);
        var pixels = Enumerable.Range(0, 5).SelectMany(explorable.InputImage).ToArray();

        var many = explorable.ClassProbabilitiesMany(pixels)!;

        Assert.Equal(5 * 10, many.Length);
        for (var i = 0; i < 5; i++)
        {
            var alone = explorable.ClassProbabilities(explorable.InputImage(i))!;
            // A tolerance, not decimal places: two values 1e-8 apart can round to different fifth decimals.
            Assert.All(alone.Zip(many.AsSpan(i * 10, 10).ToArray()), p => Assert.Equal(p.First, p.Second, 1e-5));
            Assert.Equal(1.0, many.AsSpan(i * 10, 10).ToArray().Sum(), 4);
        }
    }

    [Fact]
    public void Rows_that_do_not_fit_the_latent_size_or_classes_outside_the_decoder_are_refused()
    {
        using var temp = new TempDirectory();
        using var explorable = Load(temp.Path, ConditionalVaeConfig.Name, conditioned: true);

        Assert.Throws<ArgumentException>(() => explorable.DecodeMany(new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => explorable.DecodeMany(new float[3], 10));
        Assert.Throws<ArgumentException>(() => explorable.DecodeMany(new float[6], [1]));
        Assert.Null(explorable.ClassProbabilitiesMany(new float[784]));
    }

    private static ExplorableModel Load(string root, string architecture, bool conditioned)
    {
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(root);
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(64);
        using var model = VaeTrainer.CreateModel(
            Synthetic.Config(architecture, latentDim: 3, conditionedDecoder: conditioned) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
        var directory = store.Write(parameters, model, result);
        return ExplorableModel.Load(directory, ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);
    }
}
