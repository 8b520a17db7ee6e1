using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Networks;

public class ArchitectureTests
{
    [Fact]
    public void Branched_encoder_with_classifier_has_the_keras_parameter_count()
    {
        using var model = Synthetic.Config(BranchedVaeConfig.Name, latentDim: 10).CreateModel();
        Assert.Equal(369_054, model.TrainableParameterCount("encoder") + model.TrainableParameterCount("classifier"));
    }

    [Fact]
    public void Conditional_encoder_has_the_keras_parameter_count()
    {
        using var model = Synthetic.Config(ConditionalVaeConfig.Name, latentDim: 10).CreateModel();
        Assert.Equal(67_988, model.TrainableParameterCount("encoder"));
    }

    [Theory]
    [MemberData(nameof(Synthetic.ArchitectureNames), MemberType = typeof(Synthetic))]
    public void Decoder_has_the_keras_parameter_count(string architecture)
    {
        using var model = Synthetic.Config(architecture, latentDim: 10).CreateModel();
        Assert.Equal(54_689, model.TrainableParameterCount("decoder"));
    }

    [Fact]
    public void Conditioned_decoder_also_reads_the_one_hot_label()
    {
        using var model = Synthetic.Config(ConditionalVaeConfig.Name, latentDim: 10, conditionedDecoder: true).CreateModel();
        Assert.Equal(54_689 + (10 * 7 * 7 * 32), model.TrainableParameterCount("decoder"));
        Assert.True(model.DecoderNeedsLabels);
    }

    [Fact]
    public void Plain_encoder_has_the_trunk_and_latent_layer_only()
    {
        using var model = Synthetic.Config(BetaVaeConfig.Name, latentDim: 10).CreateModel();
        Assert.Equal(65_108, model.TrainableParameterCount("encoder"));
        Assert.Equal(["encoder", "decoder"], model.Parts.Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Synthetic.ArchitectureNames), MemberType = typeof(Synthetic))]
    public void Forward_gives_the_expected_shapes(string architecture)
    {
        using var scope = NewDisposeScope();
        using var model = Synthetic.Config(architecture, latentDim: 6).CreateModel();
        using var data = Synthetic.Images(5, seed: 1);
        var output = model.Forward(data.Images, data.Labels);
        Assert.Equal([5L, 1, 28, 28], output.Reconstruction.shape);
        Assert.Equal([5L, 6], output.Mu.shape);
        Assert.Equal([5L, 6], output.LogVar.shape);
        Assert.Equal([5L, 6], output.Z.shape);
        if (model.HasClassifier)
        {
            Assert.Equal([5L, 10], output.ClassLogits!.shape);
        }
        else
        {
            Assert.Null(output.ClassLogits);
        }
    }

    [Fact]
    public void Conditional_encoder_without_labels_says_it_needs_them()
    {
        using var scope = NewDisposeScope();
        using var model = Synthetic.Config(ConditionalVaeConfig.Name).CreateModel();
        var error = Assert.Throws<ArgumentException>(() => model.Encode(zeros(2, 1, 28, 28)));
        Assert.Contains("needs the class labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_matches_a_hand_computed_case()
    {
        using var scope = NewDisposeScope();
        using var model = Synthetic.Config(BranchedVaeConfig.Name, latentDim: 2, beta: 4).CreateModel();
        var images = zeros(1, 1, 28, 28);
        var output = new VaeOutput(
            Reconstruction: full(new long[] { 1, 1, 28, 28 }, 0.5f),
            Mu: tensor(new float[] { 1, 0 }).reshape(1, 2),
            LogVar: tensor(new float[] { 0, MathF.Log(2) }).reshape(1, 2),
            Z: zeros(1, 2),
            ClassLogits: zeros(1, 10));
        var loss = model.Loss(output, images, tensor(new long[] { 3 }));

        // rec = 1000 × mean((0.5 − 0)²) = 250; KL = −½[(1 + 0 − 1 − 1) + (1 + ln 2 − 0 − 2)] = 1 − ln2/2;
        // class = −log softmax(0)₃ = ln 10; total = rec + 4·KL + class.
        var kl = 1 - (Math.Log(2) / 2);
        Assert.Equal(250, loss.Reconstruction.item<float>(), 3);
        Assert.Equal(kl, loss.Kl.item<float>(), 5);
        Assert.Equal(Math.Log(10), loss.Class!.item<float>(), 5);
        Assert.Equal(250 + (4 * kl) + Math.Log(10), loss.Total.item<float>(), 3);
    }

    [Fact]
    public void Loss_averages_over_the_batch()
    {
        using var scope = NewDisposeScope();
        using var model = Synthetic.Config(BetaVaeConfig.Name, latentDim: 1, beta: 2).CreateModel();
        var images = zeros(2, 1, 28, 28);
        var reconstruction = cat([full(new long[] { 1, 1, 28, 28 }, 1f), zeros(1, 1, 28, 28)], 0);
        var output = new VaeOutput(reconstruction, tensor(new float[] { 2, 0 }).reshape(2, 1), zeros(2, 1), zeros(2, 1), null);
        var loss = model.Loss(output, images, tensor(new long[] { 0, 0 }));

        // Image one: rec 1000, KL ½·4 = 2; image two: rec 0, KL 0. Means: rec 500, KL 1, total 500 + 2·1.
        Assert.Equal(500, loss.Reconstruction.item<float>(), 3);
        Assert.Equal(1, loss.Kl.item<float>(), 5);
        Assert.Equal(502, loss.Total.item<float>(), 3);
        Assert.Null(loss.Class);
    }

    [Fact]
    public void Config_rejects_bad_values_by_name()
    {
        var config = Synthetic.Config(BetaVaeConfig.Name) with { LatentDim = 0, Beta = double.NaN };
        var errors = config.Validate();
        Assert.Contains(errors, e => e.Contains("latent dim", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("beta", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => config.CreateModel());
    }

    [Fact]
    public void Unknown_architecture_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Synthetic.Config("resnet"));
        Assert.Contains("conditional", error.Message, StringComparison.Ordinal);
    }
}
