using LatentDash.Models.Latent;

namespace LatentDash.Web.Analysis.Reconstructions;

/// <summary>One model held by <see cref="ModelLeases"/>: loading, loaded, or failed with a message.</summary>
public sealed class LeasedModel(string run, string model)
{
    public string Run { get; } = run;

    public string Name { get; } = model;

    /// <summary>The loaded model, null while it loads or after it failed.</summary>
    public ExplorableModel? Model => Lease?.Model;

    public bool IsLoading => Lease is null && Error is null;

    /// <summary>Why the model could not be opened, in words a user can act on.</summary>
    public string? Error { get; internal set; }

    internal ExplorableModelLease? Lease { get; set; }

    internal CancellationTokenSource Opening { get; } = new();

    /// <summary>Let go of: a lease arriving later is released at once.</summary>
    internal bool Released { get; set; }
}
