using System.Collections.Concurrent;
using LatentDash.Models.Data;

namespace LatentDash.Models.Latent;

/// <summary>The validation split of each dataset, read once and shared by every model that explores it (as bytes: a
/// model keeps no copy of its own), with a key that names its content for the caches of encoded latents.</summary>
/// <remarks>A dataset whose files change on disk (re-fetched to another split) is read again.</remarks>
public sealed class ValidationSets(DatasetCatalog catalog)
{
    private readonly ConcurrentDictionary<string, Lazy<ValidationSet>> sets = new(StringComparer.Ordinal);

    public ValidationSet Get(string dataset)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        var stamp = Stamp(dataset);
        while (true)
        {
            var lazy = sets.GetOrAdd(dataset, name => new Lazy<ValidationSet>(() => Read(name, stamp)));
            var set = lazy.Value;
            if (set.Stamp == stamp)
            {
                return set;
            }

            sets.TryRemove(new KeyValuePair<string, Lazy<ValidationSet>>(dataset, lazy));
        }
    }

    private ValidationSet Read(string dataset, string stamp)
    {
        var (manifest, images) = catalog.LoadValidation(dataset);
        return new ValidationSet(manifest, images, ValidationSet.KeyOf(images), stamp);
    }

    private string Stamp(string dataset)
    {
        var directory = Path.Combine(catalog.Root, dataset);
        return string.Join('|', Directory.Exists(directory)
            ? Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => new FileInfo(f)).Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}")
            : []);
    }
}
