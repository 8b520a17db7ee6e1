using System.Globalization;
using LatentDash.Models.Networks;

namespace LatentDash.Models.Experiments;

/// <summary>Makes model folder names that carry the key hyperparameters and a human-readable id, e.g.
/// <c>cvae-fashion-b4-d10-1333-live-similar-big-child</c> (architecture, dataset, β, latent dim, time, four words).</summary>
public static class ModelNameGenerator
{
    private static readonly string[] Words =
    [
        "able", "acid", "aged", "airy", "alert", "amber", "apt", "arch", "ash", "autumn", "azure", "bald", "bare",
        "basic", "bay", "beach", "bell", "best", "big", "birch", "bird", "blue", "bold", "bone", "brave", "brief",
        "bright", "brisk", "broad", "brook", "calm", "camp", "cape", "card", "cedar", "chalk", "cheap", "child",
        "chill", "clay", "clear", "cliff", "cloud", "coal", "coast", "cold", "cool", "coral", "cozy", "crisp",
        "cross", "crow", "curl", "dark", "dawn", "deep", "deer", "dense", "dew", "dry", "dune", "dusk", "dust",
        "eager", "early", "east", "easy", "elm", "even", "fair", "far", "fast", "fern", "few", "field", "fine",
        "firm", "first", "flat", "fog", "fond", "free", "fresh", "frost", "full", "gale", "glad", "glow", "gold",
        "good", "grand", "grass", "gray", "great", "green", "grove", "gust", "hale", "hard", "hazel", "high", "hill",
        "holly", "honey", "huge", "iron", "ivy", "jade", "jolly", "just", "keen", "kind", "lake", "lark", "last",
        "late", "lead", "leaf", "lean", "light", "line", "live", "long", "loud", "low", "lucky", "maple", "marsh",
        "meek", "mild", "mint", "mist", "moon", "moss", "near", "neat", "new", "next", "nice", "noble", "north",
        "oak", "ocean", "odd", "old", "olive", "open", "pale", "park", "peak", "pearl", "pine", "plain", "plum",
        "pond", "proud", "pure", "quick", "quiet", "rain", "rapid", "rare", "raw", "red", "reed", "rich", "right",
        "ripe", "river", "road", "rock", "rose", "round", "ruby", "rust", "safe", "sage", "salt", "sand", "sharp",
        "shore", "short", "silk", "similar", "slate", "slow", "small", "smart", "snow", "soft", "solid", "south",
        "spark", "still", "stone", "storm", "stout", "sun", "sure", "swift", "talk", "tall", "tame", "tide",
        "tidy", "tiny", "true", "vast", "vivid", "warm", "wave", "west", "wide", "wild", "willow", "wind", "wise",
        "wood", "young", "zest",
    ];

    /// <summary>Room left for the words: 64 - 40 - 1 = 23 characters, at least two words of up to 7 letters.</summary>
    private const int MaxPrefixLength = 40;

    /// <summary>β as a name shows it: "4", "0.5", "0.0001"; a smaller one in exponent form without '+' ("1E-7").</summary>
    public static string FormatBeta(double beta) => beta >= 1e-4 || beta == 0
        ? beta.ToString("0.####", CultureInfo.InvariantCulture)
        : beta.ToString("0.###E0", CultureInfo.InvariantCulture);

    /// <summary>A new name; <paramref name="exists"/> tells which names are taken, and a taken one is never returned.</summary>
    public static string Create(VaeConfig config, DateTimeOffset now, Func<string, bool> exists, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(exists);
        random ??= Random.Shared;
        // The prefix is bounded so that the four words always fit: any β (1e-7 or 10,000) and any dataset name leave
        // room for enough different names.
        var prefix = $"{config.ShortName}-{config.Dataset}-b{FormatBeta(config.Beta)}-d{config.LatentDim}-{now:HHmm}";
        if (prefix.Length > MaxPrefixLength)
        {
            prefix = prefix[..MaxPrefixLength].TrimEnd('-', '.');
        }

        for (var attempt = 0; ; attempt++)
        {
            var words = string.Join('-', Enumerable.Range(0, 4).Select(_ => Words[random.Next(Words.Length)]));
            var name = $"{prefix}-{words}";
            if (name.Length > 64)
            {
                name = name[..64].TrimEnd('-');
            }

            if (!exists(name))
            {
                return name;
            }

            if (attempt > 10_000)
            {
                throw new InvalidOperationException($"could not find a free model name starting with {prefix}");
            }
        }
    }
}
