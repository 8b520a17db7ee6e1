namespace LatentDash.Web.Explorer;

/// <summary>The point set the explorer's density view bins: the validation images (the splom's own points) or the
/// model's whole training set.</summary>
public enum DensityPoints
{
    Validation,
    Training,
}
