using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>A tiny conditional VAE whose decoder is conditioned on the class, trained on the MNIST fixture and opened
/// as an explorable model; shared by the tests that decode.</summary>
public sealed class ConditionedExplorableModel : IDisposable
{
    private readonly TempDirectory temp = new();

    public ConditionedExplorableModel()
    {
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(temp.Path);
        using var all = ImageTensors.From(dataset.Train);
        using var train = all.Take(64);
        using var network = VaeTrainer.CreateModel(Synthetic.Config(ConditionalVaeConfig.Name, latentDim: 3, conditionedDecoder: true) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, network, train, "run", out var result);
        var directory = store.Write(parameters, network, result);
        Model = ExplorableModel.Load(directory, ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);
    }

    public ExplorableModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        temp.Dispose();
    }
}

public sealed class ReconstructionSetTests(ConditionedExplorableModel fixture) : IClassFixture<ConditionedExplorableModel>
{
    private readonly ExplorableModel model = fixture.Model;

    [Fact]
    public void The_reconstruction_of_mu_is_the_decode_of_mu_as_the_images_class()
    {
        int[] samples = [3, 17, 42];

        var set = ReconstructionSet.Compute(model, samples, k: 2, seed: 1);

        Assert.True(model.DecoderNeedsLabel);
        for (var row = 0; row < samples.Length; row++)
        {
            var expected = model.Decode(model.Space.MuOf(samples[row]), model.Space.Labels[samples[row]]);
            Assert.Equal(expected, set.Decode(row, 0).ToArray(), new FloatTolerance(1e-5f));
            Assert.Equal(model.InputImage(samples[row]), set.Input(row).ToArray());
        }
    }

    [Fact]
    public void Each_error_is_the_mean_squared_difference_from_the_input()
    {
        var set = ReconstructionSet.Compute(model, [5, 6], k: 3, seed: 2);

        Assert.Equal(2 * 4, set.Errors.Length);
        for (var row = 0; row < 2; row++)
        {
            for (var column = 0; column <= 3; column++)
            {
                var input = set.Input(row).ToArray();
                var decode = set.Decode(row, column).ToArray();
                var expected = input.Zip(decode, (a, b) => (double)(a - b) * (a - b)).Average();
                Assert.Equal(expected, set.Error(row, column), 7); // float sums in another order differ in the 9th place
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws_and_another_seed_other_ones()
    {
        var first = ReconstructionSet.Compute(model, [8, 9], k: 2, seed: 7);
        var again = ReconstructionSet.Compute(model, [9], k: 2, seed: 7);
        var other = ReconstructionSet.Compute(model, [8, 9], k: 2, seed: 8);

        Assert.Equal(first.Decodes, ReconstructionSet.Compute(model, [8, 9], k: 2, seed: 7).Decodes);
        // An image's draws depend on the seed and the image, not on what else is shown (up to the last float bits,
        // which a batch of another size rounds differently).
        Assert.Equal(first.Decode(1, 1).ToArray(), again.Decode(0, 1).ToArray(), new FloatTolerance(1e-5f));
        Assert.NotEqual(first.Decode(0, 1).ToArray(), other.Decode(0, 1).ToArray());
        Assert.Equal(first.Decode(0, 0).ToArray(), other.Decode(0, 0).ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Draws_are_mu_plus_sigma_times_epsilon()
    {
        // μ = (1, −2), log σ² = log 4 (σ = 2) for image 1.
        var space = new LatentSpace([0, 0, 1, -2], [0, 0, (float)Math.Log(4), (float)Math.Log(4)], [0, 1], 2, ["a", "b"]);

        var z = ReconstructionSet.Latents(space, [1], k: 2, seed: 3);

        var epsilon = ReconstructionSet.Epsilon(3, 1, 2, 2);
        Assert.Equal([1f, -2f], z[..2]);
        Assert.Equal((float)(1 + (2 * epsilon[0])), z[2], 5);
        Assert.Equal((float)(-2 + (2 * epsilon[1])), z[3], 5);
        Assert.Equal((float)(1 + (2 * epsilon[2])), z[4], 5);
        Assert.Equal((float)(-2 + (2 * epsilon[3])), z[5], 5);
    }

    [Fact]
    public void Epsilon_is_standard_normal()
    {
        var values = ReconstructionSet.Epsilon(seed: 5, sample: 0, count: 10_000, dimensions: 2);

        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
        Assert.Equal(values, ReconstructionSet.Epsilon(5, 0, 10_000, 2));
    }

    [Fact]
    public void The_figure_has_a_row_per_image_and_the_input_then_every_models_decodes()
    {
        var a = ReconstructionSet.Compute(model, [1, 2, 3], k: 2, seed: 0);
        var b = ReconstructionSet.Compute(model, [1, 2, 3], k: 0, seed: 0);

        var png = ReconstructionSet.FigurePng([a, b], scale: 1);

        // IHDR: width and height, big-endian, at bytes 16 and 20. Columns: input + 3 + 1, cells 28 px with 2 px gaps.
        Assert.Equal((5 * 30) - 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal((3 * 30) - 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Throws<ArgumentException>(() => ReconstructionSet.FigurePng([a, ReconstructionSet.Compute(model, [1, 2], 2, 0)]));
    }

    [Fact]
    public void The_manifold_grid_decodes_each_cell_like_a_single_decode()
    {
        var grid = ManifoldGrid.Layout(ManifoldGrid.Held(model.Space, 4), x: 0, y: 2, size: 3, (-2, 2), (-1, 1));

        var images = grid.Decode(model, label: 3);

        Assert.Equal(9 * 784, images.Length);
        var corner = grid.Latents.AsSpan(8 * 3, 3).ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(model.Decode(corner, 3), images.AsSpan(8 * 784, 784).ToArray(), new FloatTolerance(1e-5f));
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
