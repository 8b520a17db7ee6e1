using LatentDash.Models;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Manifold;

/// <summary>The whole state of the 2-D manifold view, as it lives in the query string: the model, the two latent
/// dimensions (x, y; numbered from 1 like the axes z1, z2, …), what the other dimensions are held at (the sample's μ,
/// or zero with hold=zero), the grid's size (n), its range (prior ± span, or the data's range) and a conditioned
/// decoder's class (cond). Bad values become messages and are dropped; values that depend on the model are checked by
/// <see cref="FitTo"/>.</summary>
public sealed record ManifoldView : IModelView<ManifoldView>
{
    public const int DefaultSize = 15;

    public const double DefaultSpan = 3;

    public const double MinSpan = 0.1;

    public const double MaxSpan = 100;

    private static readonly Dictionary<string, ManifoldRange> Ranges = new(StringComparer.Ordinal)
    {
        ["prior"] = ManifoldRange.Prior,
        ["data"] = ManifoldRange.Data,
    };

    private static readonly Dictionary<string, bool> Holds = new(StringComparer.Ordinal)
    {
        ["sample"] = false,
        ["zero"] = true,
    };

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    /// <summary>The image whose μ holds the other dimensions (unless <see cref="HoldAtZero"/>).</summary>
    public int? Sample { get; init; }

    /// <summary>The dimension along a row, from 1; null: the model's first.</summary>
    public int? X { get; init; }

    /// <summary>The dimension down a column, from 1; null: the model's second.</summary>
    public int? Y { get; init; }

    /// <summary>Hold the other dimensions at zero (the prior's mean) even with a sample chosen.</summary>
    public bool HoldAtZero { get; init; }

    /// <summary>Cells per side.</summary>
    public int Size { get; init; } = DefaultSize;

    public ManifoldRange Range { get; init; } = ManifoldRange.Prior;

    /// <summary>The prior range's half-width, in standard deviations.</summary>
    public double Span { get; init; } = DefaultSpan;

    /// <summary>The class a conditioned decoder decodes as; null: the sample's class, or the first.</summary>
    public int? Condition { get; init; }

    public bool Equals(ManifoldView? other) => other is not null && ToQuery() == other.ToQuery();

    public override int GetHashCode() => ToQuery().GetHashCode(StringComparison.Ordinal);

    public ManifoldView WithModel(ModelChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return this with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    /// <summary>Reads a query string; every problem is reported and its parameter ignored.</summary>
    public static ManifoldView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new ManifoldView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            view = key switch
            {
                "dataset" => QueryValues.Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view,
                "run" => QueryValues.Name(value, "run", problems) is { } run ? view with { Run = run } : view,
                "model" => QueryValues.Name(value, "model", problems) is { } model ? view with { Model = model } : view,
                "sample" => QueryValues.WholeNumber(value, "sample", 0, int.MaxValue, problems) is { } sample ? view with { Sample = sample } : view,
                "x" => QueryValues.WholeNumber(value, "x", 1, Limits.MaxLatentDim, problems) is { } x ? view with { X = x } : view,
                "y" => QueryValues.WholeNumber(value, "y", 1, Limits.MaxLatentDim, problems) is { } y ? view with { Y = y } : view,
                "hold" => QueryValues.Choice(value, "hold", Holds, problems) is { } zero ? view with { HoldAtZero = zero } : view,
                "n" => QueryValues.WholeNumber(value, "n", ManifoldGrid.MinSize, ManifoldGrid.MaxSize, problems) is { } n ? view with { Size = n } : view,
                "range" => QueryValues.Choice(value, "range", Ranges, problems) is { } range ? view with { Range = range } : view,
                "span" => QueryValues.Number(value, "span", MinSpan, MaxSpan, problems) is { } span ? view with { Span = span } : view,
                "cond" => QueryValues.WholeNumber(value, "cond", 0, Limits.MaxClassIndex, problems) is { } cond ? view with { Condition = cond } : view,
                _ => Unknown(view, key, problems),
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
        ("x", X is { } x ? QueryValues.Format(x) : null),
        ("y", Y is { } y ? QueryValues.Format(y) : null),
        ("hold", HoldAtZero ? "zero" : null),
        ("n", Size != DefaultSize ? QueryValues.Format(Size) : null),
        ("range", Range == ManifoldRange.Data ? "data" : null),
        ("span", Span != DefaultSpan ? QueryValues.Format(Span) : null),
        ("cond", Condition is { } c ? QueryValues.Format(c) : null),
    ]);

    /// <summary>Checks the values that depend on the model against its shape; each one that does not fit becomes a
    /// message and falls back (dimensions to 1 and 2, the sample and class dropped). Dimensions get their defaults.</summary>
    public ManifoldView FitTo(ModelShape shape, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(problems);
        var view = this;
        var d = shape.LatentDim;
        if (d < 2)
        {
            problems.Add($"this model has {d} latent dimension: a 2-D manifold needs two");
            return view with { X = null, Y = null };
        }

        var x = X ?? 1;
        var y = Y ?? (x == 2 ? 1 : 2);
        if (x > d || y > d)
        {
            problems.Add($"x {x}, y {y} do not fit this model's {d} latent dimensions; showing z1 × z2");
            (x, y) = (1, 2);
        }
        else if (x == y)
        {
            problems.Add($"x and y are both z{x}: choose two different dimensions; showing z1 × z2");
            (x, y) = (1, 2);
        }

        view = view with { X = x, Y = y };
        if (Sample is { } sample && shape.SampleCount is { } count && sample >= count)
        {
            problems.Add($"sample {sample} is beyond the {count} validation images; holding the other dimensions at zero");
            view = view with { Sample = null };
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
                problems.Add($"cond {condition} is not a class of this model (0..{shape.ClassCount - 1})");
                view = view with { Condition = null };
            }
        }

        return view;
    }

    /// <summary>The grid of this view on a model's space (call after <see cref="FitTo"/>).</summary>
    public ManifoldGrid Grid(LatentSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        int x = (X ?? 1) - 1, y = (Y ?? 2) - 1;
        var held = ManifoldGrid.Held(space, HoldAtZero ? null : Sample);
        var (xRange, yRange) = Range == ManifoldRange.Data
            ? (ManifoldGrid.DataRange(space, x), ManifoldGrid.DataRange(space, y))
            : (ManifoldGrid.PriorRange(Span), ManifoldGrid.PriorRange(Span));
        return ManifoldGrid.Layout(held, x, y, Size, xRange, yRange);
    }

    /// <summary>The class a conditioned decoder decodes as: the chosen one, else the sample's, else the first.</summary>
    public int DecodeClass(LatentSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Condition ?? (Sample is { } s && s < space.Count ? space.Labels[s] : 0);
    }

    private static ManifoldView Unknown(ManifoldView view, string key, List<string> problems)
    {
        problems.Add($"'{Limits.Echo(key)}' is not a parameter of the manifold (known: dataset, run, model, sample, x, y, hold, n, range, span, cond)");
        return view;
    }
}
