using LatentDash.Models;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Traversal;

/// <summary>The whole state of the traversal grid, as it lives in the query string: a copied address reopens the same
/// grid. A bad parameter becomes a message and is dropped; values that depend on the model (sample, class, animated
/// row) are checked by <see cref="FitTo"/> once its shape is known.</summary>
public sealed record TraversalView : IModelView<TraversalView>
{
    public const int DefaultSteps = 9;

    public const int MinSteps = 3;

    public const int MaxSteps = 25;

    public const double DefaultK = 3;

    public const double MinK = 0.1;

    public const double MaxK = 10;

    private static readonly Dictionary<string, ProjectionKind> AxesWords = new(StringComparer.Ordinal)
    {
        ["raw"] = ProjectionKind.Raw,
        ["pca"] = ProjectionKind.Pca,
    };

    private static readonly Dictionary<string, TraversalRange> RangeWords = new(StringComparer.Ordinal)
    {
        ["logvar"] = TraversalRange.LogVar,
        ["sigma"] = TraversalRange.Sigma,
        ["data"] = TraversalRange.Data,
    };

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    /// <summary>The validation image traversed from; null until chosen (the page then starts from the first).</summary>
    public int? Sample { get; init; }

    /// <summary>Rows per raw latent dimension, or per principal component.</summary>
    public ProjectionKind Axes { get; init; } = ProjectionKind.Raw;

    public int Steps { get; init; } = DefaultSteps;

    public TraversalRange Range { get; init; } = TraversalRange.LogVar;

    /// <summary>Posterior standard deviations either side, for <see cref="TraversalRange.Sigma"/>.</summary>
    public double K { get; init; } = DefaultK;

    /// <summary>The class a conditioned decoder decodes as; null: the sample's class.</summary>
    public int? Condition { get; init; }

    /// <summary>The row swept as a loop, if any.</summary>
    public int? Animate { get; init; }

    public TraversalView WithModel(ModelChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return this with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    /// <summary>Reads a query string; every problem is reported and its parameter ignored.</summary>
    public static TraversalView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new TraversalView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            view = key switch
            {
                "dataset" => QueryValues.Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view,
                "run" => QueryValues.Name(value, "run", problems) is { } run ? view with { Run = run } : view,
                "model" => QueryValues.Name(value, "model", problems) is { } model ? view with { Model = model } : view,
                "sample" => QueryValues.WholeNumber(value, "sample", 0, int.MaxValue, problems) is { } sample ? view with { Sample = sample } : view,
                "axes" => QueryValues.Choice(value, "axes", AxesWords, problems) is { } axes ? view with { Axes = axes } : view,
                "steps" => QueryValues.WholeNumber(value, "steps", MinSteps, MaxSteps, problems) is { } steps ? view with { Steps = steps } : view,
                "range" => QueryValues.Choice(value, "range", RangeWords, problems) is { } range ? view with { Range = range } : view,
                "k" => QueryValues.Number(value, "k", MinK, MaxK, problems) is { } k ? view with { K = k } : view,
                "cond" => QueryValues.WholeNumber(value, "cond", 0, Limits.MaxClassIndex, problems) is { } condition ? view with { Condition = condition } : view,
                "animate" => QueryValues.WholeNumber(value, "animate", 0, Limits.MaxLatentDim - 1, problems) is { } row ? view with { Animate = row } : view,
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
        ("axes", Axes == ProjectionKind.Raw ? null : Word(AxesWords, Axes)),
        ("steps", Steps == DefaultSteps ? null : QueryValues.Format(Steps)),
        ("range", Range == TraversalRange.LogVar ? null : Word(RangeWords, Range)),
        ("k", K.Equals(DefaultK) ? null : QueryValues.Format(K)),
        ("cond", Condition is { } c ? QueryValues.Format(c) : null),
        ("animate", Animate is { } a ? QueryValues.Format(a) : null),
    ]);

    /// <summary>Checks the values that depend on the model: each one that does not fit becomes a message and is dropped
    /// (a sample beyond the validation set falls back to the first).</summary>
    public TraversalView FitTo(ModelShape shape, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(problems);
        var view = this;
        if (Sample is { } sample && shape.SampleCount is { } count && sample >= count)
        {
            problems.Add($"sample {sample} is beyond the {count} validation images; showing sample 0");
            view = view with { Sample = 0 };
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
                problems.Add($"cond {condition} is not a class of this model (0..{shape.ClassCount - 1}); decoding as the sample's class");
                view = view with { Condition = null };
            }
        }

        if (Animate is { } row && row >= shape.LatentDim)
        {
            problems.Add($"animate {row} is not a row of this model's {shape.LatentDim} latent dimensions");
            view = view with { Animate = null };
        }

        return view;
    }

    private static TraversalView Unknown(string key, TraversalView view, List<string> problems)
    {
        problems.Add($"'{Limits.Echo(key)}' is not a parameter of the traversal grid (known: dataset, run, model, sample, axes, steps, range, k, cond, animate)");
        return view;
    }

    private static string Word<T>(Dictionary<string, T> words, T value)
        where T : struct => words.First(w => EqualityComparer<T>.Default.Equals(w.Value, value)).Key;
}
