using LatentDash.Models;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Interpolation;

/// <summary>The whole state of the interpolation strip, as it lives in the query string: a copied address reopens the
/// same strip. A bad parameter becomes a message and is dropped; values that depend on the model (samples, class) are
/// checked by <see cref="FitTo"/> once its shape is known.</summary>
public sealed record InterpolationView : IModelView<InterpolationView>
{
    public const int DefaultSteps = 10;

    public const int MinSteps = 2;

    public const int MaxSteps = 25;

    private static readonly Dictionary<string, InterpolationPath> PathWords = new(StringComparer.Ordinal)
    {
        ["linear"] = InterpolationPath.Linear,
        ["slerp"] = InterpolationPath.Slerp,
    };

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    /// <summary>The validation image the strip starts from; null until chosen (the page then starts from the first).</summary>
    public int? Sample { get; init; }

    /// <summary>The validation image the strip ends on; null until chosen (the page then picks one of another class).</summary>
    public int? To { get; init; }

    public int Steps { get; init; } = DefaultSteps;

    public InterpolationPath Path { get; init; } = InterpolationPath.Linear;

    /// <summary>The class a conditioned decoder decodes as; null: the first sample's class.</summary>
    public int? Condition { get; init; }

    public InterpolationView WithModel(ModelChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return this with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    /// <summary>Reads a query string; every problem is reported and its parameter ignored.</summary>
    public static InterpolationView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new InterpolationView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            view = key switch
            {
                "dataset" => QueryValues.Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view,
                "run" => QueryValues.Name(value, "run", problems) is { } run ? view with { Run = run } : view,
                "model" => QueryValues.Name(value, "model", problems) is { } model ? view with { Model = model } : view,
                "sample" => QueryValues.WholeNumber(value, "sample", 0, int.MaxValue, problems) is { } sample ? view with { Sample = sample } : view,
                "to" => QueryValues.WholeNumber(value, "to", 0, int.MaxValue, problems) is { } to ? view with { To = to } : view,
                "steps" => QueryValues.WholeNumber(value, "steps", MinSteps, MaxSteps, problems) is { } steps ? view with { Steps = steps } : view,
                "path" => QueryValues.Choice(value, "path", PathWords, problems) is { } path ? view with { Path = path } : view,
                "cond" => QueryValues.WholeNumber(value, "cond", 0, Limits.MaxClassIndex, problems) is { } condition ? view with { Condition = condition } : view,
                _ => Unknown(key, view, problems),
            };
        }

        errors = problems;
        return view;
    }

    /// <summary>The query string of this view, without the leading '?'; parameters at their default are left out.</summary>
    public string ToQuery() => QueryValues.Join(
    [
        ("dataset", Dataset), ("run", Run), ("model", Model),
        ("sample", Sample is { } s ? QueryValues.Format(s) : null),
        ("to", To is { } t ? QueryValues.Format(t) : null),
        ("steps", Steps == DefaultSteps ? null : QueryValues.Format(Steps)),
        ("path", Path == InterpolationPath.Linear ? null : "slerp"),
        ("cond", Condition is { } c ? QueryValues.Format(c) : null),
    ]);

    /// <summary>Checks the values that depend on the model: each one that does not fit becomes a message and is dropped.</summary>
    public InterpolationView FitTo(ModelShape shape, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(problems);
        var view = this;
        if (Sample is { } sample && shape.SampleCount is { } count && sample >= count)
        {
            problems.Add($"sample {sample} is beyond the {count} validation images; starting from sample 0");
            view = view with { Sample = 0 };
        }

        if (To is { } to && shape.SampleCount is { } total && to >= total)
        {
            problems.Add($"to {to} is beyond the {total} validation images; ending on a sample of another class");
            view = view with { To = null };
        }

        if (Condition is { } condition)
        {
            if (!shape.ConditionedDecoder)
            {
                problems.Add($"cond {condition} is ignored: this model's decoder is not conditioned on a class");
                view = view with { Condition = null };
            }
            else if (condition >= shape.ClassCount)
            {
                problems.Add($"cond {condition} is not a class of this model (0..{shape.ClassCount - 1}); decoding as the first sample's class");
                view = view with { Condition = null };
            }
        }

        return view;
    }

    private static InterpolationView Unknown(string key, InterpolationView view, List<string> problems)
    {
        problems.Add($"'{Limits.Echo(key)}' is not a parameter of the interpolation (known: dataset, run, model, sample, to, steps, path, cond)");
        return view;
    }
}
