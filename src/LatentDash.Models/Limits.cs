using System.Globalization;

namespace LatentDash.Models;

/// <summary>Every bound on a value that a person or a client supplies, in one place: the Train form, the HTTP API,
/// the command line and the explorer's URL parser all check against these, so a value accepted by one is accepted by
/// all. A count that multiplies lists is computed in checked 64-bit arithmetic (<see cref="GridSize"/>) before anything
/// is expanded.</summary>
public static class Limits
{
    /// <summary>The most models one submission (a form, an API request, a CLI sweep) may train.</summary>
    public const int MaxModels = 64;

    /// <summary>The most items one list (datasets, architectures, β values, latent dims) may hold, duplicates included.</summary>
    public const int MaxListItems = 64;

    /// <summary>β is finite, above zero and at most this (the original swept 1…16; far larger ones only silence the decoder).</summary>
    public const double MaxBeta = 10_000;

    /// <summary>The branched VAE's class-loss weight is finite, at least zero (zero trains the classifier head not at
    /// all) and at most this (the original used 1; far larger ones drown the reconstruction term).</summary>
    public const double MaxClassLossWeight = 10_000;

    public const int MinLatentDim = 1;

    public const int MaxLatentDim = 64;

    public const int MinEpochs = 1;

    public const int MaxEpochs = 500;

    public const int MinBatchSize = 1;

    public const int MaxBatchSize = 4096;

    /// <summary>The learning rate is finite, above zero and at most this.</summary>
    public const double MaxLearningRate = 1;

    /// <summary>The longest name that becomes a path (run, model, dataset).</summary>
    public const int MaxNameLength = 64;

    public const int MinThreads = 1;

    public const int MaxThreads = 256;

    /// <summary>The most messages one field reports; the rest are counted in one last message.</summary>
    public const int MaxMessagesPerField = 10;

    /// <summary>The largest request body the HTTP API reads.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The most explorable models the dashboard keeps in memory.</summary>
    public const int MaxModelCacheSize = 64;

    /// <summary>The most points the scatter-plot matrix may draw.</summary>
    public const int MaxPoints = 70_000;

    /// <summary>Largest class index an explorer URL may name (cond) before the model says how many it has; a dataset
    /// has at most 256 classes.</summary>
    public const int MaxClassIndex = 255;

    /// <summary>Largest magnitude of a slider value in an explorer URL: far beyond any latent mean, small enough to stay
    /// finite through the inverse projection and the decoder.</summary>
    public const double MaxSliderMagnitude = 1e6;

    /// <summary>The product of the list lengths of a grid, in checked 64-bit arithmetic; <see cref="long.MaxValue"/> when
    /// it would overflow, so that no wrapped count ever passes a check.</summary>
    public static long GridSize(params ReadOnlySpan<int> lengths)
    {
        long product = 1;
        foreach (var length in lengths)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            try
            {
                product = checked(product * length);
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        return product;
    }

    public static string? BetaProblem(double beta) => beta switch
    {
        _ when !double.IsFinite(beta) || beta <= 0 => $"beta must be finite and > 0, got {Show(beta)}",
        > MaxBeta => $"beta must be at most {MaxBeta.ToString(CultureInfo.InvariantCulture)}, got {Show(beta)}",
        _ => null,
    };

    public static string? ClassLossWeightProblem(double weight) => weight switch
    {
        _ when !double.IsFinite(weight) || weight < 0 => $"class loss weight must be finite and >= 0, got {Show(weight)}",
        > MaxClassLossWeight => $"class loss weight must be at most {MaxClassLossWeight.ToString(CultureInfo.InvariantCulture)}, got {Show(weight)}",
        _ => null,
    };

    public static string? LatentDimProblem(double dim) => double.IsInteger(dim) && dim is >= MinLatentDim and <= MaxLatentDim
        ? null
        : $"latent dim must be an integer in {MinLatentDim}..{MaxLatentDim}, got {Show(dim)}";

    public static string? EpochsProblem(long epochs) => epochs is >= MinEpochs and <= MaxEpochs
        ? null
        : $"epochs must be in {MinEpochs}..{MaxEpochs}, got {epochs}";

    public static string? BatchSizeProblem(long batch) => batch is >= MinBatchSize and <= MaxBatchSize
        ? null
        : $"batch size must be in {MinBatchSize}..{MaxBatchSize}, got {batch}";

    public static string? LearningRateProblem(double rate) => double.IsFinite(rate) && rate > 0 && rate <= MaxLearningRate
        ? null
        : $"learning rate must be in (0, {MaxLearningRate.ToString(CultureInfo.InvariantCulture)}], got {Show(rate)}";

    public static string? ThreadsProblem(long threads) => threads is >= MinThreads and <= MaxThreads
        ? null
        : $"threads must be in {MinThreads}..{MaxThreads}, got {threads}";

    /// <summary>A problem when a list holds more than <see cref="MaxListItems"/> items.</summary>
    public static string? ListProblem(int count, string what) => count <= MaxListItems
        ? null
        : $"at most {MaxListItems} {what} may be given, got {count}";

    /// <summary>A problem when a grid of <paramref name="models"/> models is empty or too large.</summary>
    public static string? ModelCountProblem(long models) => models switch
    {
        0 => "the sweep is empty: give at least one dataset, architecture, beta and latent dim",
        > MaxModels => models == long.MaxValue
            ? $"the sweep has too many models; at most {MaxModels} are allowed"
            : $"the sweep has {models} models; at most {MaxModels} are allowed",
        _ => null,
    };

    /// <summary>Keeps at most <see cref="MaxMessagesPerField"/> messages and says how many more there were.</summary>
    public static string[] CapMessages(IReadOnlyCollection<string> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count <= MaxMessagesPerField
            ? [.. messages]
            : [.. messages.Take(MaxMessagesPerField - 1), $"… and {messages.Count - (MaxMessagesPerField - 1)} more problems like these"];
    }

    /// <summary>A value from a client as a message quotes it: at most 40 characters, control characters escaped, so a
    /// megabyte of input or a newline never ends up in a message or a log line.</summary>
    public static string Echo(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 39), "…");
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    /// <summary>A number as a message shows it: invariant, and short even when it is huge.</summary>
    public static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
