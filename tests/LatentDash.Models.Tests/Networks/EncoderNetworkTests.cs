using LatentDash.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Networks;

/// <summary>The encoder (channels-last activations after its first convolution) against the plain library layers it
/// stands for, as models on disk were saved: same outputs, gradients and BatchNorm statistics.</summary>
public class EncoderNetworkTests
{
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(11, 32, true)] // the conditional VAE's input: image and one-hot label channels
    [InlineData(1, 32, false)] // eval from a batch of 16 folds each BatchNorm into its convolution
    [InlineData(11, 16, false)]
    [InlineData(1, 1, false)]
    public void Gives_the_outputs_gradients_and_statistics_of_the_plain_layers(int channels, int batch, bool training)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(31);
        using var plainTrunk = PlainTrunk(channels);
        using var plainLatent = nn.Linear(2304, 8);
        DecoderNetworkTests.Randomise(plainTrunk, generator);
        DecoderNetworkTests.Randomise(plainLatent, generator);
        using var encoder = new EncoderNetwork(channels, 28, 28, 4);
        encoder.load_state_dict(
            plainTrunk.state_dict().Select(p => ("trunk." + p.Key, p.Value))
                .Concat(plainLatent.state_dict().Select(p => ("latent." + p.Key, p.Value)))
                .ToDictionary(p => p.Item1, p => p.Value));
        plainTrunk.train(training);
        plainLatent.train(training);
        encoder.train(training);

        var images = rand([batch, channels, 28, 28], generator: generator);
        var upstream = randn([batch, 8], generator: generator);
        var plainImages = images.clone().requires_grad_(true);
        var plainOutput = plainLatent.call(plainTrunk.call(plainImages));
        (plainOutput * upstream).sum().backward();
        var ourImages = images.clone().requires_grad_(true);
        var ourOutput = encoder.call(ourImages);
        (ourOutput * upstream).sum().backward();

        AssertClose(plainOutput, ourOutput, "output");
        AssertClose(plainImages.grad!, ourImages.grad!, "input gradient");
        var ours = encoder.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in plainTrunk.named_parameters())
        {
            if (training && name.StartsWith("conv", StringComparison.Ordinal) && name.EndsWith("bias", StringComparison.Ordinal))
            {
                // A bias before a BatchNorm on batch statistics does not change the output: its gradient is zero. The
                // library's layers give it rounding noise of a sum over the batch; ours leave it out of the graph.
                var layerScale = plainTrunk.named_parameters().Single(p => p.name == name.Replace("bias", "weight", StringComparison.Ordinal)).parameter.grad!;
                AssertRoundingZero(parameter.grad!, layerScale, name);
                AssertNoGradient(ours["trunk." + name].grad, name);
                continue;
            }

            AssertClose(parameter.grad!, ours["trunk." + name].grad!, name);
        }

        foreach (var (name, parameter) in plainLatent.named_parameters())
        {
            AssertClose(parameter.grad!, ours["latent." + name].grad!, name);
        }

        var buffers = encoder.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in plainTrunk.named_buffers())
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal(buffer.item<long>(), buffers["trunk." + name].item<long>());
                continue;
            }

            AssertClose(buffer, buffers["trunk." + name]);
        }
    }

    [Fact]
    public void Saved_weights_keep_their_names()
    {
        using var plain = PlainTrunk(1);
        using var encoder = new EncoderNetwork(1, 28, 28, 4);
        Assert.Equal(
            plain.state_dict().Keys.Select(k => "trunk." + k).Concat(["latent.weight", "latent.bias"]).Order(),
            encoder.state_dict().Keys.Order());
    }

    /// <summary>The encoder's trunk as the library's layers alone.</summary>
    private static TorchSharp.Modules.Sequential PlainTrunk(int channels) => nn.Sequential(
        ("conv1", nn.Conv2d(channels, 32, kernel_size: 3, stride: 2)),
        ("bn1", nn.BatchNorm2d(32, eps: 1e-3, momentum: 0.01)),
        ("act1", nn.LeakyReLU(0.3)),
        ("conv2", nn.Conv2d(32, 64, kernel_size: 3, stride: 2)),
        ("bn2", nn.BatchNorm2d(64, eps: 1e-3, momentum: 0.01)),
        ("act2", nn.LeakyReLU(0.3)),
        ("flatten", nn.Flatten()));

    /// <summary>Zero up to rounding: under 1e-4 of the largest gradient of the same layer's weight.</summary>
    internal static void AssertRoundingZero(Tensor gradient, Tensor layerWeightGradient, string what)
    {
        var scale = Math.Max(1, layerWeightGradient.abs().max().item<float>());
        var largest = gradient.abs().max().item<float>();
        Assert.True(largest <= 1e-4 * scale, $"{what}: gradient {largest}, not zero at the scale {scale} of its layer");
    }

    /// <summary>A parameter the training path leaves out of the graph: no gradient, or (inside an optimizer's buffer)
    /// an exact zero.</summary>
    internal static void AssertNoGradient(Tensor? gradient, string what) =>
        Assert.True(gradient is null || gradient.abs().max().item<float>() == 0, $"{what}: has a gradient");

    private static void AssertClose(Tensor expected, Tensor actual, string what = "")
    {
        var scale = Math.Max(1, expected.abs().max().item<float>());
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-5 * scale, $"{what}: largest difference {difference} (scale {scale})");
    }
}
