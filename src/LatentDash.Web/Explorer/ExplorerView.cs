using System.Globalization;
using LatentDash.Models.Experiments;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Explorer;

/// <summary>The whole state of the explorer, as it lives in the query string: opening a copied address reproduces the
/// same view, image and sliders. Parsed at the boundary into typed values; a bad parameter becomes a message and is
/// dropped, never an exception, and names that become paths follow the naming rule.</summary>
public sealed record ExplorerView
{
    public const int MaxComponents = 64;

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    /// <summary>"pca" or "raw".</summary>
    public string Projection { get; init; } = "pca";

    /// <summary>How many components the splom and sliders show; null means the default for the model.</summary>
    public int? Components { get; init; }

    /// <summary>The selected validation image, if any.</summary>
    public int? Sample { get; init; }

    /// <summary>The slider values (one per component), if the user has moved them or selected a sample.</summary>
    public IReadOnlyList<double>? Sliders { get; init; }

    public SliderRange Range { get; init; } = SliderRange.Std;

    /// <summary>The class a conditioned decoder decodes for.</summary>
    public int? Condition { get; init; }

    public bool Equals(ExplorerView? other) =>
        other is not null && ToQuery() == other.ToQuery();

    public override int GetHashCode() => ToQuery().GetHashCode(StringComparison.Ordinal);

    /// <summary>Reads a query string ("?dataset=…&amp;run=…"); every problem is reported and its parameter ignored.</summary>
    public static ExplorerView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new ExplorerView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            switch (key)
            {
                case "dataset":
                    view = Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view;
                    break;
                case "run":
                    view = Name(value, "run", problems) is { } run ? view with { Run = run } : view;
                    break;
                case "model":
                    view = Name(value, "model", problems) is { } model ? view with { Model = model } : view;
                    break;
                case "proj":
                    if (value is "pca" or "raw")
                    {
                        view = view with { Projection = value };
                    }
                    else
                    {
                        problems.Add($"proj '{value}' is not a projection: use pca or raw");
                    }

                    break;
                case "k":
                    view = Integer(value, "k", 1, MaxComponents, problems) is { } k ? view with { Components = k } : view;
                    break;
                case "sample":
                    view = Integer(value, "sample", 0, int.MaxValue, problems) is { } sample ? view with { Sample = sample } : view;
                    break;
                case "cond":
                    view = Integer(value, "cond", 0, 255, problems) is { } condition ? view with { Condition = condition } : view;
                    break;
                case "range":
                    if (value switch { "std" => SliderRange.Std, "3std" => SliderRange.ThreeStd, "global" => SliderRange.Global, _ => (SliderRange?)null } is { } range)
                    {
                        view = view with { Range = range };
                    }
                    else
                    {
                        problems.Add($"range '{value}' is not known: use std, 3std or global");
                    }

                    break;
                case "z":
                    view = ParseSliders(value, problems) is { } sliders ? view with { Sliders = sliders } : view;
                    break;
                default:
                    problems.Add($"'{key}' is not a parameter of the explorer (known: dataset, run, model, proj, k, sample, z, range, cond)");
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
        Add("model", Model);
        Add("proj", Projection == "pca" ? null : Projection);
        Add("k", Components?.ToString(CultureInfo.InvariantCulture));
        Add("sample", Sample?.ToString(CultureInfo.InvariantCulture));
        Add("z", Sliders is null ? null : string.Join(',', Sliders.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        Add("range", Range switch { SliderRange.ThreeStd => "3std", SliderRange.Global => "global", _ => null });
        Add("cond", Condition?.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    private static string? Name(string value, string what, List<string> problems)
    {
        if (ExperimentNames.Problem(value, what) is { } problem)
        {
            problems.Add(problem);
            return null;
        }

        return value;
    }

    private static int? Integer(string value, string what, int min, int max, List<string> problems)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problems.Add($"{what} '{value}' must be an integer in {min}..{max}");
        return null;
    }

    private static double[]? ParseSliders(string value, List<string> problems)
    {
        var items = value.Split(',');
        if (items.Length > MaxComponents)
        {
            problems.Add($"z has {items.Length} values; at most {MaxComponents}");
            return null;
        }

        var result = new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
            {
                problems.Add($"z value '{items[i]}' is not a finite number");
                return null;
            }
        }

        return result;
    }
}
