using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using Xunit.Abstractions;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>The decoder's Sobol indices on a branched model trained on the fixture.</summary>
public sealed class SobolSensitivityTests(TrainedFixtureModel fixture, ITestOutputHelper output) : IClassFixture<TrainedFixtureModel>
{
    [Fact]
    public void A_trained_decoder_gets_image_and_class_indices_that_are_consistent_and_reproducible()
    {
        var settings = new SobolSettings { Samples = 128, Seed = 1 };
        var progress = new List<double>();

        var report = SobolSensitivity.Compute(fixture.Model, settings, new SynchronousProgress(progress.Add));

        Assert.Equal(128 * 6, report.Evaluations);
        Assert.Equal((28, 28, 784, 4), (report.Width, report.Height, report.Image.Outputs, report.Image.Dimensions));
        Assert.Equal(1.0, progress[^1]);
        Assert.True(progress.SequenceEqual(progress.Order()), "progress never goes back");
        for (var i = 0; i < 4; i++)
        {
            // Total ≥ first order up to estimation noise, and the per-pixel totals lie in a sane range.
            Assert.True(report.Image.Total[i] >= report.Image.FirstOrder[i] - 0.1);
            Assert.InRange(report.Image.Total[i], 0, 1.5);
        }

        // The decoder of a trained VAE uses its latent space: together the dimensions explain most of the variance.
        Assert.True(report.Image.Total.Sum() > 0.5, $"Σ S_T = {report.Image.Total.Sum()}");
        Assert.Equal(4 * 784, report.Image.TotalPerOutput.Length);
        Assert.NotNull(report.ReferenceClass);
        Assert.Equal(1, report.ReferenceClassIndices!.Outputs);
        Assert.Equal(10, report.Classes!.Outputs);

        var again = SobolSensitivity.Compute(fixture.Model, settings);
        Assert.Equal(report.Image.Total, again.Image.Total);
        Assert.Equal(report.Image.TotalLow, again.Image.TotalLow);
    }

    [Fact]
    public void The_posterior_marginals_and_a_cancelled_token_are_honoured()
    {
        var report = SobolSensitivity.Compute(fixture.Model, new SobolSettings { Samples = 32, Distribution = SobolDistribution.Posterior });
        Assert.Equal(SobolDistribution.Posterior, report.Settings.Distribution);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SobolSensitivity.Compute(fixture.Model, new SobolSettings { Samples = 32 }, null, cancelled.Token));
    }

    [Fact]
    public void The_default_design_of_a_ten_dimensional_model_decodes_n_times_d_plus_two_images()
    {
        // The page's default (N = 1024) on the latent dim the README recommends: 12,288 decodes. The time is printed
        // (the README quotes it), not asserted.
        using var temp = new TempDirectory();
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("fashion");
        var store = new ExperimentStore(temp.Path);
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(64);
        using var network = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name, latentDim: 10) with { Dataset = "fashion" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, network, few, "run", out var result);
        using var model = ExplorableModel.Load(store.Write(parameters, network, result), ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);

        var report = SobolSensitivity.Compute(model, new SobolSettings());

        output.WriteLine($"N = 1024, d = 10: {report.Evaluations} decodes + classifications and the analysis in {report.Seconds:0.0} s");
        Assert.Equal(1024 * 12, report.Evaluations);
        Assert.Equal(10, report.Image.Dimensions);
        Assert.Equal(10 * 784, report.Image.TotalPerOutput.Length);

        // N = 16,384 is allowed at small d but needs 196,608 decodes at d = 10: refused before anything is decoded.
        var tooMany = new SobolSettings { Samples = SobolSettings.MaxSamples };
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => SobolSensitivity.Compute(model, tooMany));
        Assert.Contains("N is at most 10,922 at d = 10", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 16_384)]
    [InlineData(4, 16_384)]
    [InlineData(10, 10_922)]
    [InlineData(64, 1_985)]
    public void The_bound_on_n_follows_from_the_bound_on_n_times_d_plus_two(int dimensions, int expected)
    {
        var most = SobolSettings.MaxSamplesFor(dimensions);

        Assert.Equal(expected, most);
        Assert.True(new SobolSettings { Samples = most }.Evaluations(dimensions) <= SobolSettings.MaxEvaluations);
        Assert.True(most == SobolSettings.MaxSamples || new SobolSettings { Samples = most + 1 }.Evaluations(dimensions) > SobolSettings.MaxEvaluations);
    }

    [Fact]
    public void The_cache_name_carries_the_distribution_samples_seed_and_condition()
    {
        Assert.Equal("sobol-prior-n1024-s0", new SobolSettings().CacheName(conditionedDecoder: false));
        Assert.Equal("sobol-posterior-n64-s7-c2", new SobolSettings { Samples = 64, Seed = 7, Distribution = SobolDistribution.Posterior, Condition = 2 }.CacheName(true));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
