using System.Globalization;

namespace LatentDash.Models.Experiments;

/// <summary>A filter over indexed models, as the original's load_experiments(with_params=…): optional run, dataset
/// and architecture, and any hyperparameters by their params.json names (numbers compare as numbers).</summary>
public sealed record ExperimentQuery
{
    public string? Run { get; init; }

    public string? Dataset { get; init; }

    public string? Architecture { get; init; }

    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();

    /// <summary>Parses "key=value" terms (e.g. "beta=4", "latent_dim=10"); problems are returned, not thrown.</summary>
    public static ExperimentQuery Parse(IEnumerable<string> terms, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var with = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var term in terms)
        {
            var at = term.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == term.Length - 1)
            {
                problems.Add($"'{term}' is not key=value");
                continue;
            }

            with[term[..at].Trim()] = term[(at + 1)..].Trim();
        }

        errors = problems;
        var query = new ExperimentQuery();
        if (with.Remove("run", out var run))
        {
            query = query with { Run = run };
        }

        if (with.Remove("dataset", out var dataset))
        {
            query = query with { Dataset = dataset };
        }

        if (with.Remove("architecture", out var architecture))
        {
            query = query with { Architecture = architecture };
        }

        return query with { With = with };
    }

    /// <summary>True when the entry is of the query's run, dataset and architecture (where given) and every
    /// hyperparameter in <see cref="With"/> matches: the same test the index applies, on entries already in memory.</summary>
    public bool Matches(ExperimentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Run is null || entry.Run == Run)
            && (Dataset is null || entry.Dataset == Dataset)
            && (Architecture is null || entry.Architecture == Architecture)
            && MatchesHyperparameters(entry);
    }

    /// <summary>True when every hyperparameter in <see cref="With"/> matches the entry's.</summary>
    public bool MatchesHyperparameters(ExperimentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var (key, wanted) in With)
        {
            var actual = entry.Hyperparameters.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
            if (actual is null || !SameValue(actual, wanted))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameValue(string actual, string wanted) =>
        double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
        && double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            ? a.Equals(w)
            : string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase);
}
