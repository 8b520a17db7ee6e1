namespace LatentDash.Models.Latent;

/// <summary>How wide each component slider reaches: the selected class's mean ± std (the original's), ± 3 std, or
/// the component's global range over all points.</summary>
public enum SliderRange
{
    Std,
    ThreeStd,
    Global,
}
