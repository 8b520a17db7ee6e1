using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using LatentDash.Models.Experiments;
using LatentDash.Models.Storage;

namespace LatentDash.Models.Analysis;

/// <summary>Results of slow computations on a model (embeddings, sensitivity indices, …), kept next to it as
/// <c>&lt;model&gt;/analysis/&lt;name&gt;.&lt;weights key&gt;.json</c> so that a second open is instant. The key is a hash of
/// the weights files: retrained weights never meet a result computed from the old ones.</summary>
/// <remarks>Files are written atomically; a file that cannot be read is treated as absent (and recomputed).</remarks>
public static partial class AnalysisCache
{
    public const string Folder = "analysis";

    // Hashing 100–400 KB of weights costs a millisecond or two; remembering it per file state costs nothing.
    private static readonly ConcurrentDictionary<string, (string Stamp, string Key)> Keys = new(StringComparer.Ordinal);

    /// <summary>A short hash (16 hex digits) of every weights file of the model, in name order.</summary>
    public static string WeightsKey(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var files = Directory.GetFiles(modelDirectory, "*.dat").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"{modelDirectory} holds no weights (*.dat)");
        }

        var stamp = string.Join('|', files.Select(f => new FileInfo(f)).Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        if (Keys.TryGetValue(modelDirectory, out var known) && known.Stamp == stamp)
        {
            return known.Key;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        var key = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        Keys[modelDirectory] = (stamp, key);
        return key;
    }

    /// <summary>The file a result named <paramref name="name"/> is kept in for the model's current weights.</summary>
    public static string PathOf(string modelDirectory, string name) => PathOf(modelDirectory, name, "json");

    /// <summary>Reads a binary result computed for the model's current weights; false when there is none.</summary>
    public static bool TryReadBytes(string modelDirectory, string name, [NotNullWhen(true)] out byte[]? value)
    {
        value = null;
        var path = PathOf(modelDirectory, name, "bin");
        try
        {
            value = File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            value = null;
        }

        return value is not null;
    }

    /// <summary>Keeps a binary result (large arrays: JSON would cost more to read than to compute) like <see cref="Write{T}"/>.</summary>
    public static void WriteBytes(string modelDirectory, string name, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(modelDirectory, name, "bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFiles.WriteAllBytes(path, value);
        RemoveStale(path, name, "bin");
    }

    private static string PathOf(string modelDirectory, string name, string extension)
    {
        if (!NameRule().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a cache name: lower-case letters, digits, '-' and '_', at most 96", nameof(name));
        }

        return Path.Combine(modelDirectory, Folder, $"{name}.{WeightsKey(modelDirectory)}.{extension}");
    }

    /// <summary>Reads a result computed for the model's current weights; false when there is none (or it is unreadable).</summary>
    public static bool TryRead<T>(string modelDirectory, string name, [NotNullWhen(true)] out T? value)
        where T : class
    {
        value = null;
        var path = PathOf(modelDirectory, name);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var stream = File.OpenRead(path);
            value = JsonSerializer.Deserialize<T>(stream, ExperimentJson.Options);
            return value is not null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Keeps a result for the model's current weights, atomically, and removes results of the same name
    /// computed from earlier weights.</summary>
    public static void Write<T>(string modelDirectory, string name, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(modelDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFiles.Write(path, stream => JsonSerializer.Serialize(stream, value, ExperimentJson.Options));
        RemoveStale(path, name, "json");
    }

    private static void RemoveStale(string path, string name, string extension)
    {
        foreach (var stale in Directory.GetFiles(Path.GetDirectoryName(path)!, $"{name}.*.{extension}"))
        {
            if (!string.Equals(stale, path, StringComparison.Ordinal) && Path.GetFileName(stale).Count(c => c == '.') == 2)
            {
                File.Delete(stale);
            }
        }
    }

    [GeneratedRegex(@"\A[a-z0-9_-]{1,96}\z")]
    private static partial Regex NameRule();
}
