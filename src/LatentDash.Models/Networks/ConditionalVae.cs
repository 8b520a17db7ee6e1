using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>A conditional VAE: the encoder sees the image concatenated channel-wise with the one-hot label broadcast
/// to the image size; the decoder sees z only, or z ⊕ label when <see cref="ConditionalVaeConfig.ConditionedDecoder"/>.</summary>
public sealed class ConditionalVae : VaeModel
{
    private readonly bool conditionedDecoder;

    public ConditionalVae(ConditionalVaeConfig config)
        : base(
            nameof(ConditionalVae),
            config,
            (config?.Channels ?? 0) + (config?.ClassCount ?? 0),
            (config?.LatentDim ?? 0) + (config is { ConditionedDecoder: true } ? config.ClassCount : 0))
    {
        conditionedDecoder = config!.ConditionedDecoder;
        RegisterComponents();
    }

    public override bool EncoderNeedsLabels => true;

    public override bool DecoderNeedsLabels => conditionedDecoder;

    protected override Tensor EncoderInput(Tensor images, Tensor? labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        var n = images.shape[0];
        var planes = OneHot(labels).view(n, Config.ClassCount, 1, 1).expand(n, Config.ClassCount, Config.Height, Config.Width);
        return cat([images, planes], 1);
    }

    protected override Tensor DecoderInput(Tensor z, Tensor? labels) =>
        conditionedDecoder ? cat([z, OneHot(labels)], 1) : z;
}
