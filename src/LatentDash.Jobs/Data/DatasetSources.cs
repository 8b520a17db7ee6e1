using LatentDash.Models.Data;

namespace LatentDash.Jobs.Data;

/// <summary>Where <see cref="DatasetFetcher"/> looks for datasets and which programs it runs: the defaults are the
/// machine's own (the root file system for an installed Debian package, npm, apt-get and dpkg-deb on the PATH); tests
/// point them at folders and tarballs they build.</summary>
public sealed record DatasetSources
{
    /// <summary>The root under which a Debian package's installed files are looked for ("/").</summary>
    public string SystemRoot { get; init; } = "/";

    public string Npm { get; init; } = "npm";

    public string AptGet { get; init; } = "apt-get";

    public string DpkgDeb { get; init; } = "dpkg-deb";

    /// <summary>The datasets that can be fetched by name.</summary>
    public IReadOnlyList<BuiltInDataset> Datasets { get; init; } = BuiltInDatasets.All;
}
