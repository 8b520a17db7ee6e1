using System.ComponentModel.DataAnnotations;
using LatentDash.Models;

namespace LatentDash.Web;

/// <summary>Settings of the dashboard.</summary>
public sealed class WebOptions
{
    /// <summary>How many explorable models (network + encoded validation set) stay in memory.</summary>
    [Range(1, Limits.MaxModelCacheSize)]
    public int ModelCacheSize { get; set; } = 4;

    /// <summary>How many explorable models load at once (each encodes a whole validation set on the CPU).</summary>
    [Range(1, 16)]
    public int ModelLoadConcurrency { get; set; } = 2;

    /// <summary>The most validation points drawn in the scatter-plot matrix (and the manifold's scatter plot). The
    /// validation sets of MNIST and Fashion-MNIST hold 10,000 images: by default every one is drawn.</summary>
    [Range(100, Limits.MaxPoints)]
    public int MaxPoints { get; set; } = 10_000;

    /// <summary>Whether the dashboard requests one of its pages from itself once started (<see cref="StartupWarmUp"/>),
    /// so that a person's first page does not pay for the first compilation of the page pipeline.</summary>
    public bool WarmUpOnStart { get; set; } = true;
}
