using LatentDash.Models.Experiments;

namespace LatentDash.Models.Latent;

/// <summary>The sizes an explorer URL is checked against: latent dimensions, classes a conditioned decoder knows, and
/// validation images (unknown until the model is open).</summary>
public sealed record ModelShape(int LatentDim, int ClassCount, bool ConditionedDecoder, int? SampleCount)
{
    /// <summary>The shape as the index knows it, before anything is loaded (the prerendered page checks against it).</summary>
    public static ModelShape FromEntry(ExperimentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var classes = entry.Hyperparameters.TryGetValue("class_count", out var text) && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 10;
        var conditioned = entry.Hyperparameters.TryGetValue("conditioned_decoder", out var flag) && bool.TryParse(flag, out var yes) && yes;
        return new ModelShape(entry.LatentDim, classes, conditioned, null);
    }
}
