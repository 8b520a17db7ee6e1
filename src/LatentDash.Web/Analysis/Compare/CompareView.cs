using LatentDash.Models;
using LatentDash.Models.Comparison;
using LatentDash.Models.Experiments;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Compare;

/// <summary>The whole state of the run comparison, as it lives in the query string: dataset, run (none: every run of the
/// dataset), the filter as the CLI's `list` takes it ("beta=4 latent_dim=10"), the sort column (a leading '-' sorts
/// descending) and the metric charted over β × latent dim. A bad parameter becomes a message and is dropped.</summary>
public sealed record CompareView
{
    /// <summary>Longest filter a URL may carry.</summary>
    public const int MaxFilterLength = 512;

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    /// <summary>key=value terms separated by spaces, normalised to single spaces; null for none.</summary>
    public string? Filter { get; init; }

    public ComparisonColumn Sort { get; init; } = ComparisonColumns.ValidationLoss;

    public bool Descending { get; init; }

    public ComparisonColumn Metric { get; init; } = ComparisonColumns.ValidationLoss;

    public bool Equals(CompareView? other) => other is not null && ToQuery() == other.ToQuery();

    public override int GetHashCode() => ToQuery().GetHashCode(StringComparison.Ordinal);

    /// <summary>Reads a query string; every problem is reported and its parameter ignored.</summary>
    public static CompareView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new CompareView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            switch (key)
            {
                case "dataset":
                    view = QueryValues.Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view;
                    break;
                case "run":
                    view = QueryValues.Name(value, "run", problems) is { } run ? view with { Run = run } : view;
                    break;
                case "filter":
                    view = ParseFilter(value, problems) is { } filter ? view with { Filter = filter } : view;
                    break;
                case "sort":
                    var descending = value.StartsWith('-');
                    if (ComparisonColumns.Find(descending ? value[1..] : value) is { } column)
                    {
                        view = view with { Sort = column, Descending = descending };
                    }
                    else
                    {
                        problems.Add($"sort '{Limits.Echo(value)}' is not a column: use one of {string.Join(", ", ComparisonColumns.All.Select(c => c.Key))}, '-' first to sort descending");
                    }

                    break;
                case "metric":
                    if (ComparisonColumns.Metrics.FirstOrDefault(c => c.Key == value) is { } metric)
                    {
                        view = view with { Metric = metric };
                    }
                    else
                    {
                        problems.Add($"metric '{Limits.Echo(value)}' is not a metric: use one of {string.Join(", ", ComparisonColumns.Metrics.Select(c => c.Key))}");
                    }

                    break;
                default:
                    problems.Add($"'{Limits.Echo(key)}' is not a parameter of the comparison (known: dataset, run, filter, sort, metric)");
                    break;
            }
        }

        errors = problems;
        return view;
    }

    /// <summary>The query string of this view, without the leading '?'; parameters at their default are left out.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("dataset", Dataset);
        Add("run", Run);
        Add("filter", Filter);
        Add("sort", Sort == ComparisonColumns.ValidationLoss && !Descending ? null : (Descending ? "-" : "") + Sort.Key);
        Add("metric", Metric == ComparisonColumns.ValidationLoss ? null : Metric.Key);
        return string.Join('&', parts);
    }

    /// <summary>The models this view selects, as an index query: its dataset and run, and the filter's terms (a run or
    /// dataset named in the filter applies when the view names none).</summary>
    public ExperimentQuery Query()
    {
        var query = ExperimentQuery.Parse(Terms(Filter), out _);
        return query with { Run = Run ?? query.Run, Dataset = Dataset ?? query.Dataset };
    }

    /// <summary>Fills in the dataset (the run's, else the first of the index) and drops a run the index does not hold,
    /// with a message.</summary>
    public CompareView Resolve(IReadOnlyList<ExperimentEntry> entries, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(problems);
        if (entries.Count == 0)
        {
            return this;
        }

        var view = this;
        if (Run is { } run && entries.All(e => e.Run != run))
        {
            problems.Add($"run '{run}' is not in the index; showing every run");
            view = view with { Run = null };
        }

        if (view.Run is { } known)
        {
            var dataset = entries.First(e => e.Run == known).Dataset;
            if (Dataset is { } asked && asked != dataset)
            {
                problems.Add($"run '{known}' is of dataset '{dataset}', not '{asked}'");
            }

            return view with { Dataset = dataset };
        }

        if (Dataset is { } d && entries.All(e => e.Dataset != d))
        {
            problems.Add($"dataset '{d}' is not in the index");
            view = view with { Dataset = null };
        }

        return view with { Dataset = view.Dataset ?? entries.Select(e => e.Dataset).Order(StringComparer.Ordinal).First() };
    }

    /// <summary>Keys of the filter that no entry has as a hyperparameter (a likely typo), each as a message.</summary>
    public IEnumerable<string> UnknownFilterKeys(IReadOnlyList<ExperimentEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var key in Query().With.Keys)
        {
            if (!entries.Any(e => e.Hyperparameters.Keys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))))
            {
                yield return $"no model has a hyperparameter '{key}'";
            }
        }
    }

    /// <summary>Parses a filter as typed (terms separated by spaces); null with messages when a term is not key=value.</summary>
    public static string? ParseFilter(string value, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (value.Length > MaxFilterLength)
        {
            problems.Add($"filter is {value.Length} characters long; at most {MaxFilterLength}");
            return null;
        }

        var terms = Terms(value);
        if (terms.Length == 0)
        {
            return null;
        }

        var bad = 0;
        foreach (var term in terms)
        {
            // The rule of ExperimentQuery.Parse, restated so that the message quotes the term safely.
            var at = term.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == term.Length - 1)
            {
                problems.Add($"filter term '{Limits.Echo(term)}' is not key=value");
                bad++;
            }
        }

        return bad == 0 ? string.Join(' ', terms) : null;
    }

    private static string[] Terms(string? filter) =>
        filter?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

}
