using LatentDash.Models;
using LatentDash.Models.Experiments;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Curves;

/// <summary>The whole state of the training-curves page, as it lives in the query string: dataset, run, the models
/// overlaid (model=a,b: names never hold a comma) and the y scale. A bad parameter becomes a message and is dropped,
/// never an exception; names follow the naming rule. Which names exist is checked by <see cref="Resolve"/>.</summary>
public sealed record CurvesView
{
    /// <summary>Most models one page overlays (the colours stay apart and the page stays quick).</summary>
    public const int MaxModels = 16;

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    /// <summary>The models overlaid, in the order given; empty means every model of the run (up to the cap).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Losses on a log scale (they span orders of magnitude between models of different β).</summary>
    public bool LogScale { get; init; }

    public bool Equals(CurvesView? other) => other is not null && ToQuery() == other.ToQuery();

    public override int GetHashCode() => ToQuery().GetHashCode(StringComparison.Ordinal);

    /// <summary>Reads a query string ("?dataset=…&amp;run=…&amp;model=a,b"); every problem is reported and its value
    /// ignored.</summary>
    public static CurvesView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new CurvesView();
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
                case "model":
                    view = view with { Models = ParseModels(value, problems) };
                    break;
                case "scale":
                    if (value is "log" or "linear")
                    {
                        view = view with { LogScale = value == "log" };
                    }
                    else
                    {
                        problems.Add($"scale '{Limits.Echo(value)}' is not known: use linear or log");
                    }

                    break;
                default:
                    problems.Add($"'{Limits.Echo(key)}' is not a parameter of the curves (known: dataset, run, model, scale)");
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
        if (Dataset is not null)
        {
            parts.Add($"dataset={Uri.EscapeDataString(Dataset)}");
        }

        if (Run is not null)
        {
            parts.Add($"run={Uri.EscapeDataString(Run)}");
        }

        if (Models.Count > 0)
        {
            parts.Add($"model={string.Join(',', Models.Select(Uri.EscapeDataString))}");
        }

        if (LogScale)
        {
            parts.Add("scale=log");
        }

        return string.Join('&', parts);
    }

    /// <summary>Fills in what the URL leaves open from the index (the run of the first named model, else the first
    /// dataset and run; every model of the run when none is named) and drops names the index does not hold, each with
    /// a message.</summary>
    public CurvesView Resolve(IReadOnlyList<ExperimentEntry> entries, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(problems);
        if (entries.Count == 0)
        {
            return this;
        }

        var run = Run;
        if (run is null && Models.Count > 0)
        {
            run = entries.FirstOrDefault(e => Models.Contains(e.Model))?.Run;
        }

        if (run is not null && entries.All(e => e.Run != run))
        {
            problems.Add($"run '{run}' is not in the index; showing the first run instead");
            run = null;
        }

        var dataset = run is not null
            ? entries.First(e => e.Run == run).Dataset
            : Dataset is { } d && entries.Any(e => e.Dataset == d) ? d : entries.Select(e => e.Dataset).Order(StringComparer.Ordinal).First();
        if (Dataset is { } asked && asked != dataset)
        {
            problems.Add(entries.Any(e => e.Dataset == asked)
                ? $"run '{run}' is of dataset '{dataset}', not '{asked}'"
                : $"dataset '{asked}' is not in the index");
        }

        run ??= entries.Where(e => e.Dataset == dataset).Select(e => e.Run).Order(StringComparer.Ordinal).First();
        var inRun = entries.Where(e => e.Run == run).Select(e => e.Model).Order(StringComparer.Ordinal).ToList();
        var models = new List<string>();
        foreach (var model in Models.Distinct(StringComparer.Ordinal))
        {
            if (inRun.Contains(model))
            {
                models.Add(model);
            }
            else
            {
                problems.Add($"model '{model}' is not in run '{run}'");
            }
        }

        if (models.Count == 0)
        {
            models.AddRange(inRun.Take(MaxModels));
        }

        return this with { Dataset = dataset, Run = run, Models = models };
    }


    private static List<string> ParseModels(string value, List<string> problems)
    {
        var names = value.Split(',');
        if (names.Length > MaxModels)
        {
            problems.Add($"model names {names.Length} models; at most {MaxModels} are overlaid");
            return [];
        }

        var models = new List<string>();
        foreach (var name in names)
        {
            if (QueryValues.Name(name, "model", problems) is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }
}
