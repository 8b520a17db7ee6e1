using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Networks;

public class GemmConvTranspose2dTests
{
    public static TheoryData<int, int, int, int, int, int, int, bool> Shapes() => new()
    {
        // in, out, size, stride, padding, output padding, seed, channels-last input: the decoder's three layers and an
        // odd one, in the usual layout and in the eval path's
        { 32, 1, 28, 1, 1, 0, 1, false },
        { 64, 32, 14, 2, 1, 1, 2, false },
        { 32, 64, 7, 2, 1, 1, 3, false },
        { 5, 3, 9, 1, 0, 0, 4, false },
        { 32, 1, 28, 1, 1, 0, 5, true },
        { 5, 3, 9, 2, 1, 1, 6, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    // The oracle is the library's layer in double precision. Its float kernel for transposed convolutions with few
    // channels on channel-major input is wrong on some CPUs on one thread (libtorch 2.10 on AMD Zen 5: differences of 6
    // to 24 against a double-precision reference at batch 2 or more, for the 5 → 3 case below); the decoder's own layers
    // (32 → 64, 64 → 32 there, and this class for 32 → 1) agree with it to float rounding.
    public void Gives_the_outputs_and_gradients_of_the_library_layer_in_double_precision(int inChannels, int outChannels, int size, int stride, int padding, int outputPadding, int seed, bool channelsLast)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        using var plain = nn.ConvTranspose2d(inChannels, outChannels, 3, stride: stride, padding: padding, output_padding: outputPadding);
        using var gemm = new GemmConvTranspose2d(inChannels, outChannels, 3, stride, padding, outputPadding);
        using (no_grad())
        {
            plain.weight!.uniform_(-0.5, 0.5, generator);
            plain.bias!.uniform_(-0.5, 0.5, generator);
        }

        gemm.load_state_dict(plain.state_dict());
        var input = randn([6, inChannels, size, size], generator: generator);
        if (channelsLast)
        {
            input = input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
            Assert.True(input.permute(0, 2, 3, 1).is_contiguous());
        }
        var upstream = randn(plain.call(input).shape, generator: generator); // a random loss weight per output

        plain.to(ScalarType.Float64);
        var plainInput = input.to(ScalarType.Float64).requires_grad_(true);
        var plainOutput = plain.call(plainInput);
        (plainOutput * upstream.to(ScalarType.Float64)).sum().backward();
        var gemmInput = input.clone().requires_grad_(true);
        var gemmOutput = gemm.call(gemmInput);
        (gemmOutput * upstream).sum().backward();

        Assert.Equal(plainOutput.shape, gemmOutput.shape);
        AssertClose(plainOutput, gemmOutput);
        AssertClose(plainInput.grad!, gemmInput.grad!);
        var gemmParameters = gemm.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        AssertClose(plain.weight!.grad!, gemmParameters["weight"].grad!);
        AssertClose(plain.bias!.grad!, gemmParameters["bias"].grad!);
    }

    [Fact]
    public void Has_the_parameter_names_shapes_and_order_of_the_library_layer()
    {
        using var plain = nn.ConvTranspose2d(32, 1, 3, padding: 1);
        using var gemm = new GemmConvTranspose2d(32, 1, 3, padding: 1);
        Assert.Equal(
            plain.named_parameters().Select(p => (p.name, string.Join('x', p.parameter.shape))),
            gemm.named_parameters().Select(p => (p.name, string.Join('x', p.parameter.shape))));
    }

    [Fact]
    public void Decoder_loads_weights_saved_by_the_library_layers()
    {
        // The decoder as models on disk were saved: the same Sequential with ConvTranspose2d throughout.
        using var old = nn.Sequential(
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
        using var decoder = new DecoderNetwork(4, 1, 28, 28);
        Assert.Equal(
            old.state_dict().Select(p => (p.Key, string.Join('x', p.Value.shape))),
            decoder.state_dict().Select(p => (p.Key.Replace("layers.", "", StringComparison.Ordinal), string.Join('x', p.Value.shape))));

        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "decoder.dat");
        using var wrapper = new SavedDecoder(old);
        wrapper.save(path);
        decoder.load(path);

        using var scope = NewDisposeScope();
        old.eval();
        decoder.eval();
        using var noGrad = no_grad();
        var z = randn([8, 4], generator: new Generator(5));
        AssertClose(old.call(z), decoder.call(z));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        expected = expected.to(ScalarType.Float32);
        var scale = Math.Max(1, expected.abs().max().item<float>());
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-5 * scale, $"largest difference {difference} (scale {scale})");
    }

    /// <summary>The old decoder's Sequential under the field name "layers", as DecoderNetwork saved it.</summary>
    private sealed class SavedDecoder : nn.Module
    {
        private readonly TorchSharp.Modules.Sequential layers;

        public SavedDecoder(TorchSharp.Modules.Sequential layers) : base(nameof(SavedDecoder))
        {
            this.layers = layers;
            RegisterComponents();
        }
    }
}
