using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The base of every VAE variant: encode → (μ, log σ²), reparameterize, decode, classify where the model
/// has a branch, the loss, and saving and loading of weights the same way for every architecture.</summary>
/// <remarks>Variants override only what differs: the encoder's or decoder's input, or an extra loss term.</remarks>
public abstract class VaeModel : nn.Module
{
    internal const double BatchNormEps = 1e-3;      // Keras' default
    internal const double BatchNormMomentum = 0.01; // Keras' 0.99, in torch's convention
    internal const double LeakySlope = 0.3;         // Keras' LeakyReLU default
    internal const double ReconstructionScale = 1000;

    private readonly EncoderNetwork encoder;
    private readonly DecoderNetwork decoder;

    protected VaeModel(string name, VaeConfig config, int encoderInputChannels, int decoderInputSize) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid {config.Architecture} config: {string.Join("; ", errors)}", nameof(config));
        }

        Config = config;
        encoder = new EncoderNetwork(encoderInputChannels, config.Height, config.Width, config.LatentDim);
        decoder = new DecoderNetwork(decoderInputSize, config.Channels, config.Height, config.Width);
    }

    public VaeConfig Config { get; }

    /// <summary>True when encoding needs the class label (the conditional VAE).</summary>
    public virtual bool EncoderNeedsLabels => false;

    /// <summary>True when decoding needs the class label (a conditional VAE with a conditioned decoder).</summary>
    public virtual bool DecoderNeedsLabels => false;

    /// <summary>True when the model has a classifier branch.</summary>
    public virtual bool HasClassifier => false;

    protected EncoderNetwork Encoder => encoder;

    /// <summary>The named parts whose weights are saved, one file each: encoder, decoder, and classifier where present.</summary>
    public virtual IReadOnlyList<(string Name, nn.Module Module)> Parts => [("encoder", encoder), ("decoder", decoder)];

    /// <summary>Encodes images (N×C×H×W in [0,1]) to the posterior's μ and log σ², each N×z.</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor images, Tensor? labels = null)
    {
        var (mu, logVar, _) = EncodeWithFeatures(images, labels, classify: false);
        return (mu, logVar);
    }

    /// <summary>Decodes latent vectors (N×z) to images (N×C×H×W); not clamped, as the network has no output activation.</summary>
    public Tensor Decode(Tensor z, Tensor? labels = null) => decoder.call(DecoderInput(z, labels));

    /// <summary>The classifier branch's class probabilities for images, or null when the model has no branch.</summary>
    public Tensor? ClassProbabilities(Tensor images, Tensor? labels = null)
    {
        var (_, _, logits) = EncodeWithFeatures(images, labels, classify: true);
        return logits is null ? null : nn.functional.softmax(logits, 1);
    }

    /// <summary>μ, log σ² and, for a model with a branch, its class probabilities, from one pass of the encoder's
    /// trunk (what <see cref="Encode"/> and <see cref="ClassProbabilities"/> would give, for the price of one).</summary>
    public (Tensor Mu, Tensor LogVar, Tensor? Probabilities) EncodeAndClassify(Tensor images, Tensor? labels = null)
    {
        var (mu, logVar, logits) = EncodeWithFeatures(images, labels, classify: true);
        return (mu, logVar, logits is null ? null : nn.functional.softmax(logits, 1));
    }

    /// <summary>z = μ + σ·ε, with ε drawn from <paramref name="generator"/> (the global generator when null).</summary>
    public static Tensor Reparameterize(Tensor mu, Tensor logVar, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(logVar);
        using var epsilon = randn(mu.shape, dtype: mu.dtype, generator: generator);
        return mu.Plus(logVar.mul(HeldScalars.Half).exp_() * epsilon);
    }

    /// <summary>One full pass: encode, sample z, decode, and classify where the model has a branch.</summary>
    public VaeOutput Forward(Tensor images, Tensor? labels, Generator? generator = null)
    {
        var (mu, logVar, logits) = EncodeWithFeatures(images, labels, classify: true);
        var z = Reparameterize(mu, logVar, generator);
        return new VaeOutput(Decode(z, labels), mu, logVar, z, logits);
    }

    /// <summary>rec = 1000 × mean squared error per image; KL = −½ Σ(1 + log σ² − μ² − σ²); total = rec + β·KL (+ the
    /// branch's cross-entropy); each averaged over the batch.</summary>
    public virtual VaeLoss Loss(VaeOutput output, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var scale = ReconstructionScale.ToScalar();
        using var beta = Config.Beta.ToScalar();
        var reconstruction = nn.functional.mse_loss(output.Reconstruction, images).mul(scale);
        var kl = KlDivergence(output.Mu, output.LogVar);
        return new VaeLoss(reconstruction.Plus(kl.mul(beta)), reconstruction, kl, null);
    }

    /// <summary>The analytic KL divergence to the standard normal prior, summed over z, averaged over the batch.</summary>
    public static Tensor KlDivergence(Tensor mu, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(logVar);
        return (logVar.Plus(HeldScalars.One) - mu.Squared() - logVar.exp()).sum(1).mean().mul(HeldScalars.MinusHalf);
    }

    /// <summary>Draws every weight as Keras does by default (Glorot-uniform kernels, zero biases, BatchNorm scale 1 and
    /// shift 0) from <paramref name="generator"/> alone, so a seed gives the same network whatever else runs.</summary>
    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (parameter.dim() >= 2)
            {
                // Glorot: U(±√(6 / (fan_in + fan_out))), fans being the two leading sizes times the kernel area.
                var receptive = parameter.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
                var bound = Math.Sqrt(6.0 / ((parameter.shape[0] + parameter.shape[1]) * receptive));
                parameter.uniform_(-bound, bound, generator);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else
            {
                parameter.fill_(HeldScalars.One);
            }
        }
    }

    /// <summary>Number of trainable parameters of one named part (see <see cref="Parts"/>).</summary>
    public long TrainableParameterCount(string part) =>
        Parts.First(p => p.Name == part).Module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Writes one weights file per part (&lt;part&gt;.dat) into an existing folder.</summary>
    public void SaveWeights(string directory)
    {
        foreach (var (name, module) in Parts)
        {
            module.save(Path.Combine(directory, name + ".dat"));
        }
    }

    /// <summary>Reads the weights written by <see cref="SaveWeights"/>; a missing or mismatched file is named.</summary>
    public void LoadWeights(string directory)
    {
        foreach (var (name, module) in Parts)
        {
            var path = Path.Combine(directory, name + ".dat");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"weights file {path} is missing", path);
            }

            try
            {
                module.load(path);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or System.Runtime.InteropServices.ExternalException)
            {
                throw new InvalidDataException($"weights file {path} does not fit a {Config.Architecture} model with latent dim {Config.LatentDim}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The encoder's input built from images and labels; the conditional VAE appends one-hot channels.</summary>
    protected virtual Tensor EncoderInput(Tensor images, Tensor? labels) => images;

    /// <summary>The decoder's input built from z and labels; a conditioned decoder appends the one-hot label.</summary>
    protected virtual Tensor DecoderInput(Tensor z, Tensor? labels) => z;

    /// <summary>The classifier branch's logits from the trunk features; null for models without a branch.</summary>
    protected virtual Tensor? ClassLogits(Tensor features) => null;

    /// <summary>One-hot float labels, N×classes.</summary>
    protected Tensor OneHot(Tensor? labels)
    {
        if (labels is null)
        {
            throw new ArgumentException($"a {Config.Architecture} model needs the class labels here", nameof(labels));
        }

        return nn.functional.one_hot(labels, Config.ClassCount).to(ScalarType.Float32);
    }

    private (Tensor Mu, Tensor LogVar, Tensor? Logits) EncodeWithFeatures(Tensor images, Tensor? labels, bool classify)
    {
        var features = encoder.Features(EncoderInput(images, labels));
        var moments = encoder.Latent(features);
        var parts = moments.chunk(2, 1);
        return (parts[0], parts[1], classify ? ClassLogits(features) : null);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }
}
