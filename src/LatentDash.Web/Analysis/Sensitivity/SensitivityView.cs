using LatentDash.Models;
using LatentDash.Models.Analysis;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Sensitivity;

/// <summary>The state of the sensitivity page as it lives in the query string: the model (dataset, run, model, and the
/// explorer's sample, carried along), N (n), where the inputs come from (dist=prior|posterior), the seed, and for a
/// conditioned decoder the class it decodes as (cond). A bad value becomes a message and is dropped.</summary>
public sealed record SensitivityView : IModelView<SensitivityView>
{
    public const int MaxSeed = 1_000_000;

    private static readonly Dictionary<string, SobolDistribution> Distributions = new(StringComparer.Ordinal)
    {
        ["prior"] = SobolDistribution.Prior,
        ["posterior"] = SobolDistribution.Posterior,
    };

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    /// <summary>The explorer's selected sample: not used here, kept so that links back keep it.</summary>
    public int? Sample { get; init; }

    public int Samples { get; init; } = SobolSettings.DefaultSamples;

    public SobolDistribution Distribution { get; init; } = SobolDistribution.Prior;

    public int Seed { get; init; }

    public int? Condition { get; init; }

    /// <summary>What is computed, for a model whose decoder is (or is not) conditioned on a class.</summary>
    public SobolSettings Settings => new() { Samples = Samples, Distribution = Distribution, Seed = Seed, Condition = Condition ?? 0 };

    public SensitivityView WithModel(ModelChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return this with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    public static SensitivityView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new SensitivityView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            view = key switch
            {
                "dataset" => QueryValues.Name(value, "dataset", problems) is { } d ? view with { Dataset = d } : view,
                "run" => QueryValues.Name(value, "run", problems) is { } r ? view with { Run = r } : view,
                "model" => QueryValues.Name(value, "model", problems) is { } m ? view with { Model = m } : view,
                "sample" => QueryValues.WholeNumber(value, "sample", 0, int.MaxValue, problems) is { } s ? view with { Sample = s } : view,
                "n" => QueryValues.WholeNumber(value, "n", SobolSettings.MinSamples, SobolSettings.MaxSamples, problems) is { } n ? view with { Samples = n } : view,
                "dist" => QueryValues.Choice(value, "dist", Distributions, problems) is { } dist ? view with { Distribution = dist } : view,
                "seed" => QueryValues.WholeNumber(value, "seed", 0, MaxSeed, problems) is { } seed ? view with { Seed = seed } : view,
                "cond" => QueryValues.WholeNumber(value, "cond", 0, Limits.MaxClassIndex, problems) is { } c ? view with { Condition = c } : view,
                _ => Unknown(key, view, problems),
            };
        }

        errors = problems;
        return view;
    }

    /// <summary>The query string without '?'; n, dist and seed are always written, so that a copied address names the
    /// same computation even if the defaults change.</summary>
    public string ToQuery() => QueryValues.Join(
    [
        ("dataset", Dataset), ("run", Run), ("model", Model),
        ("sample", Sample is { } s ? QueryValues.Format(s) : null),
        ("n", QueryValues.Format(Samples)),
        ("dist", Distribution == SobolDistribution.Prior ? "prior" : "posterior"),
        ("seed", QueryValues.Format(Seed)),
        ("cond", Condition is { } c ? QueryValues.Format(c) : null),
    ]);

    private static SensitivityView Unknown(string key, SensitivityView view, List<string> problems)
    {
        problems.Add($"'{Limits.Echo(key)}' is not a parameter of the sensitivity view (known: dataset, run, model, sample, n, dist, seed, cond)");
        return view;
    }
}
