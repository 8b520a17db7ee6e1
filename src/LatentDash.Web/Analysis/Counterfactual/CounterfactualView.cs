using LatentDash.Models;
using LatentDash.Models.Analysis;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Counterfactual;

/// <summary>The state of the counterfactual page as it lives in the query string: the model, the sample, the target
/// class (target) and the probability to reach (p, default 0.9). A bad value becomes a message and is dropped; the
/// sample and target are checked against the model once it is open (<see cref="FitTo"/>).</summary>
public sealed record CounterfactualView : IModelView<CounterfactualView>
{
    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    public int? Sample { get; init; }

    public int? Target { get; init; }

    public double Probability { get; init; } = CounterfactualSettings.DefaultProbability;

    /// <summary>What is searched, once sample and target are known.</summary>
    public CounterfactualSettings? Settings =>
        Sample is { } s && Target is { } t ? new CounterfactualSettings { Sample = s, Target = t, Probability = Probability } : null;

    /// <summary>A sample of another model means nothing here: it is dropped when the index resolved to another model.</summary>
    public CounterfactualView WithModel(ModelChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var sameModel = choice.Run == Run && choice.Model == Model;
        return this with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model, Sample = sameModel ? Sample : null };
    }

    public static CounterfactualView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new CounterfactualView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            view = key switch
            {
                "dataset" => QueryValues.Name(value, "dataset", problems) is { } d ? view with { Dataset = d } : view,
                "run" => QueryValues.Name(value, "run", problems) is { } r ? view with { Run = r } : view,
                "model" => QueryValues.Name(value, "model", problems) is { } m ? view with { Model = m } : view,
                "sample" => QueryValues.WholeNumber(value, "sample", 0, int.MaxValue, problems) is { } s ? view with { Sample = s } : view,
                "target" => QueryValues.WholeNumber(value, "target", 0, Limits.MaxClassIndex, problems) is { } t ? view with { Target = t } : view,
                "p" => QueryValues.Number(value, "p", CounterfactualSettings.MinProbability, CounterfactualSettings.MaxProbability, problems) is { } p
                    ? view with { Probability = p }
                    : view,
                _ => Unknown(key, view, problems),
            };
        }

        errors = problems;
        return view;
    }

    public string ToQuery() => QueryValues.Join(
    [
        ("dataset", Dataset), ("run", Run), ("model", Model),
        ("sample", Sample is { } s ? QueryValues.Format(s) : null),
        ("target", Target is { } t ? QueryValues.Format(t) : null),
        ("p", QueryValues.Format(Probability)),
    ]);

    /// <summary>Drops a sample or target the open model does not have, with a message each.</summary>
    public CounterfactualView FitTo(int sampleCount, int classCount, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var view = this;
        if (Sample is { } s && s >= sampleCount)
        {
            problems.Add($"sample {s} is beyond the {sampleCount} validation images");
            view = view with { Sample = null };
        }

        if (Target is { } t && t >= classCount)
        {
            problems.Add($"target {t} is not a class of this model (0..{classCount - 1})");
            view = view with { Target = null };
        }

        return view;
    }

    private static CounterfactualView Unknown(string key, CounterfactualView view, List<string> problems)
    {
        problems.Add($"'{Limits.Echo(key)}' is not a parameter of the counterfactual view (known: dataset, run, model, sample, target, p)");
        return view;
    }
}
