namespace LatentDash.Web.Analysis.Manifold;

/// <summary>Where the manifold grid spans: ±span standard deviations of the prior, or the validation set's range of
/// each of the two dimensions' μ.</summary>
public enum ManifoldRange
{
    Prior,
    Data,
}
