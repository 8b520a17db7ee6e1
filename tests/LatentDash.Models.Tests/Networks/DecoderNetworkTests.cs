using LatentDash.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Networks;

/// <summary>The decoder's eval path (BatchNorm folded into the transposed convolutions, channels-last activations) and
/// training path (channels-last activations, each bias before a BatchNorm left out of the graph and kept in its running
/// mean) against the plain library layers they stand for.</summary>
public class DecoderNetworkTests
{
    [Theory]
    [InlineData(1)] // below EvalPathMinimumBatch: the plain layers
    [InlineData(DecoderNetwork.EvalPathMinimumBatch + 3)]
    public void Eval_forward_gives_the_outputs_and_input_gradients_of_the_plain_layers(int batch)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(21);
        using var plain = PlainDecoder();
        Randomise(plain, generator);
        using var decoder = DecoderLike(plain);
        plain.eval();
        decoder.eval();

        var z = randn([batch, 4], generator: generator);
        var upstream = randn([batch, 1, 28, 28], generator: generator);
        var plainZ = z.clone().requires_grad_(true);
        var plainOutput = plain.call(plainZ);
        (plainOutput * upstream).sum().backward();
        var fastZ = z.clone().requires_grad_(true);
        var fastOutput = decoder.call(fastZ);
        (fastOutput * upstream).sum().backward();

        Assert.Equal(plainOutput.shape, fastOutput.shape);
        AssertClose(plainOutput, fastOutput);
        // The counterfactual search differentiates the eval-mode decoder with respect to z.
        AssertClose(plainZ.grad!, fastZ.grad!);
    }

    [Fact]
    public void Eval_forward_follows_weights_changed_after_a_call()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(22);
        using var plain = PlainDecoder();
        Randomise(plain, generator);
        using var decoder = DecoderLike(plain);
        plain.eval();
        decoder.eval();
        using var noGrad = no_grad();
        var z = randn([DecoderNetwork.EvalPathMinimumBatch, 4], generator: generator);
        _ = decoder.call(z);

        // New BatchNorm statistics and kernels, as a training epoch or a load would bring.
        Randomise(plain, generator);
        decoder.load_state_dict(Prefixed(plain));

        AssertClose(plain.call(z), decoder.call(z));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(32)] // the training batch
    public void Train_forward_gives_the_outputs_gradients_and_batch_statistics_of_the_plain_layers(int batch)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(23);
        using var plain = PlainDecoder();
        Randomise(plain, generator);
        using var decoder = DecoderLike(plain);
        plain.train();
        decoder.train();

        var z = randn([batch, 4], generator: generator);
        var upstream = randn([batch, 1, 28, 28], generator: generator);
        var plainOutput = plain.call(z);
        (plainOutput * upstream).sum().backward();
        var fastOutput = decoder.call(z);
        (fastOutput * upstream).sum().backward();

        AssertClose(plainOutput, fastOutput);
        var fast = decoder.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in plain.named_parameters())
        {
            if (name is "deconv1.bias" or "deconv2.bias")
            {
                // Before a BatchNorm on batch statistics a bias does not change the output: its gradient is zero. The
                // library's layers give it rounding noise of a sum over the batch; the training path leaves it out.
                var layerScale = plain.named_parameters().Single(p => p.name == name.Replace("bias", "weight", StringComparison.Ordinal)).parameter.grad!;
                EncoderNetworkTests.AssertRoundingZero(parameter.grad!, layerScale, name);
                EncoderNetworkTests.AssertNoGradient(fast["layers." + name].grad, name);
                continue;
            }

            AssertClose(parameter.grad!, fast["layers." + name].grad!, name);
        }

        var fastBuffers = decoder.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in plain.named_buffers())
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal(buffer.item<long>(), fastBuffers["layers." + name].item<long>());
                continue;
            }

            AssertClose(buffer, fastBuffers["layers." + name]);
        }
    }

    /// <summary>libtorch 2.10's float transposed convolution with few input channels on channel-major input is wrong on
    /// one thread on some CPUs (AMD Zen 5: off by 6–24). The decoder's own paths, each batch size and mode that picks
    /// another kernel, on one thread and on two, against the same decoder in double precision.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Agrees_with_itself_in_double_precision_on_one_and_on_two_threads(int threads)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                _ = get_num_threads(); // libtorch sets a new thread's count at its first call: before ours
                set_num_threads(threads);
                CompareWithDoublePrecision();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private static void CompareWithDoublePrecision()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(31);
        using var plain = PlainDecoder();
        Randomise(plain, generator);
        using var decoder = DecoderLike(plain);
        using var reference = DecoderLike(plain);
        reference.to(ScalarType.Float64);
        foreach (var (batch, training) in new[] { (1, false), (2, false), (DecoderNetwork.EvalPathMinimumBatch + 3, false), (19, true) })
        {
            decoder.train(training);
            reference.train(training);
            var z = randn([batch, 4], generator: generator);
            var expected = reference.call(z.to(ScalarType.Float64)).to(ScalarType.Float32);
            var actual = decoder.call(z);
            var scale = Math.Max(1, expected.abs().max().item<float>());
            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 1e-4 * scale, $"batch {batch}, training {training}: largest difference {difference} (scale {scale})");
        }
    }

    /// <summary>The decoder as the library's layers alone, as models on disk were saved.</summary>
    private static TorchSharp.Modules.Sequential PlainDecoder() => nn.Sequential(
        ("dense", nn.Linear(4, 32 * 7 * 7)),
        ("dense_act", nn.ReLU()),
        ("reshape", nn.Unflatten(1, [32, 7, 7])),
        ("deconv1", nn.ConvTranspose2d(32, 64, 3, stride: 2, padding: 1, output_padding: 1)),
        ("bn1", nn.BatchNorm2d(64, eps: 1e-3, momentum: 0.01)),
        ("act1", nn.LeakyReLU(0.3)),
        ("deconv2", nn.ConvTranspose2d(64, 32, 3, stride: 2, padding: 1, output_padding: 1)),
        ("bn2", nn.BatchNorm2d(32, eps: 1e-3, momentum: 0.01)),
        ("act2", nn.LeakyReLU(0.3)),
        ("deconv3", nn.ConvTranspose2d(32, 1, 3, stride: 1, padding: 1)));

    /// <summary>Random kernels, biases, BatchNorm scales and shifts, and running statistics far from 0 and 1, so that
    /// a wrong fold (axis, sign, ε) shows.</summary>
    internal static void Randomise(nn.Module module, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.StartsWith("bn", StringComparison.Ordinal) && name.EndsWith("weight", StringComparison.Ordinal))
            {
                parameter.uniform_(0.5, 2.0, generator);
            }
            else
            {
                parameter.uniform_(-0.3, 0.3, generator);
            }
        }

        foreach (var (name, buffer) in module.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                buffer.uniform_(-0.5, 0.5, generator);
            }
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                buffer.uniform_(0.2, 3.0, generator);
            }
        }
    }

    /// <summary>Our decoder holding the plain decoder's weights and statistics.</summary>
    private static DecoderNetwork DecoderLike(nn.Module plain)
    {
        var decoder = new DecoderNetwork(4, 1, 28, 28);
        decoder.load_state_dict(Prefixed(plain));
        return decoder;
    }

    private static Dictionary<string, Tensor> Prefixed(nn.Module plain) =>
        plain.state_dict().ToDictionary(p => "layers." + p.Key, p => p.Value);

    private static void AssertClose(Tensor expected, Tensor actual, string what = "")
    {
        var scale = Math.Max(1, expected.abs().max().item<float>());
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-5 * scale, $"{what}: largest difference {difference} (scale {scale})");
    }
}
