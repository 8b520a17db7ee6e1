using LatentDash.Models;
using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Analysis.Reconstructions;

/// <summary>The whole state of the reconstructions view, as it lives in the query string: the model of the first
/// column (dataset, run, model), the other columns (models), which images (samples, or a seeded draw per class, or the
/// explorer's sample) and how many posterior draws per image (k). Bad values become messages and are dropped.</summary>
public sealed record ReconstructionsView
{
    public const int DefaultDraws = 2;

    /// <summary>Most images a URL may list.</summary>
    public const int MaxSamples = 40;

    /// <summary>Most images per class a draw may ask for.</summary>
    public const int MaxDrawPerClass = 5;

    /// <summary>Most models beside the first one.</summary>
    public const int MaxModels = 6;

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    /// <summary>The explorer's selected image: shown alone when neither samples nor draw is given.</summary>
    public int? Sample { get; init; }

    /// <summary>The images, by index in the validation set.</summary>
    public IReadOnlyList<int>? Samples { get; init; }

    /// <summary>A seeded random draw of this many images per class.</summary>
    public int? Draw { get; init; }

    /// <summary>Seeds the draw of images and the posterior draws ε.</summary>
    public int Seed { get; init; }

    /// <summary>Posterior draws per image, besides the decode of μ.</summary>
    public int K { get; init; } = DefaultDraws;

    /// <summary>The models of the other columns, as "run/model".</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    public bool Equals(ReconstructionsView? other) => other is not null && ToQuery() == other.ToQuery();

    public override int GetHashCode() => ToQuery().GetHashCode(StringComparison.Ordinal);

    /// <summary>Reads a query string; every problem is reported and its parameter ignored.</summary>
    public static ReconstructionsView Parse(string? query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var view = new ReconstructionsView();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query))
        {
            var value = values.ToString();
            view = key switch
            {
                "dataset" => QueryValues.Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view,
                "run" => QueryValues.Name(value, "run", problems) is { } run ? view with { Run = run } : view,
                "model" => QueryValues.Name(value, "model", problems) is { } model ? view with { Model = model } : view,
                "sample" => QueryValues.WholeNumber(value, "sample", 0, int.MaxValue, problems) is { } sample ? view with { Sample = sample } : view,
                "samples" => QueryValues.WholeNumbers(value, "samples", 0, int.MaxValue, MaxSamples, problems) is { } samples ? view with { Samples = samples } : view,
                "draw" => QueryValues.WholeNumber(value, "draw", 1, MaxDrawPerClass, problems) is { } draw ? view with { Draw = draw } : view,
                "seed" => QueryValues.WholeNumber(value, "seed", 0, int.MaxValue, problems) is { } seed ? view with { Seed = seed } : view,
                "k" => QueryValues.WholeNumber(value, "k", 0, ReconstructionSet.MaxDraws, problems) is { } k ? view with { K = k } : view,
                "models" => view with { Models = ParseModels(value, problems) },
                _ => Unknown(view, key, problems),
            };
        }

        if (view.Samples is not null && view.Draw is not null)
        {
            problems.Add("samples and draw are both given: showing the listed samples");
            view = view with { Draw = null };
        }

        errors = problems;
        return view;
    }

    /// <summary>The query string of this view, without the leading '?'; parameters at their default are left out.</summary>
    public string ToQuery() => QueryValues.Join(
    [
        ("dataset", Dataset), ("run", Run), ("model", Model),
        ("sample", Sample is { } s ? QueryValues.Format(s) : null),
        ("samples", Samples is { } list ? QueryValues.Format(list) : null),
        ("draw", Draw is { } d ? QueryValues.Format(d) : null),
        ("seed", Seed != 0 ? QueryValues.Format(Seed) : null),
        ("k", K != DefaultDraws ? QueryValues.Format(K) : null),
        ("models", Models.Count > 0 ? string.Join(',', Models) : null),
    ]);

    /// <summary>The columns: the first model, then the others the index holds, complete and trained on the same
    /// dataset (each one left out is named in a message), without repeats.</summary>
    public IReadOnlyList<ExperimentEntry> Columns(IReadOnlyList<ExperimentEntry> entries, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(problems);
        if (entries.FirstOrDefault(e => e.Run == Run && e.Model == Model) is not { } first)
        {
            return [];
        }

        var columns = new List<ExperimentEntry> { first };
        foreach (var name in Models)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            var (run, model) = (name[..slash], name[(slash + 1)..]);
            if (entries.FirstOrDefault(e => e.Run == run && e.Model == model) is not { } entry)
            {
                problems.Add($"model '{name}' is not in the index; its column is left out");
            }
            else if (entry.Dataset != first.Dataset)
            {
                problems.Add($"model '{name}' is trained on {entry.Dataset}, not {first.Dataset} like {first.Run}/{first.Model}: the images differ, so its column is left out");
            }
            else if (!columns.Any(c => c.Run == entry.Run && c.Model == entry.Model))
            {
                columns.Add(entry);
            }
        }

        return columns;
    }

    /// <summary>The images to show, by index: the listed samples (those within the validation set), else a seeded draw
    /// per class, else the explorer's sample, else one image per class (the seed's draw).</summary>
    public IReadOnlyList<int> SamplesIn(LatentSpace space, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(problems);
        if (Samples is { } listed)
        {
            foreach (var beyond in listed.Where(s => s >= space.Count).Distinct())
            {
                problems.Add($"sample {beyond} is beyond the {space.Count} validation images");
            }

            return [.. listed.Where(s => s < space.Count)];
        }

        if (Draw is null && Sample is { } sample)
        {
            if (sample < space.Count)
            {
                return [sample];
            }

            problems.Add($"sample {sample} is beyond the {space.Count} validation images; showing one image per class");
        }

        return SampleDraw.PerClass(space.Labels, Draw ?? 1, Seed);
    }

    private static List<string> ParseModels(string value, List<string> problems)
    {
        var models = new List<string>();
        foreach (var item in value.Split(','))
        {
            var parts = item.Split('/');
            if (parts.Length != 2)
            {
                problems.Add($"models item '{Limits.Echo(item)}' must be run/model");
                continue;
            }

            if (QueryValues.Name(parts[0], "run", problems) is null || QueryValues.Name(parts[1], "model", problems) is null)
            {
                continue;
            }

            if (models.Count == MaxModels)
            {
                problems.Add($"models lists more than {MaxModels} models; the rest are left out");
                break;
            }

            models.Add(item);
        }

        return models;
    }

    private static ReconstructionsView Unknown(ReconstructionsView view, string key, List<string> problems)
    {
        problems.Add($"'{Limits.Echo(key)}' is not a parameter of the reconstructions (known: dataset, run, model, sample, samples, draw, seed, k, models)");
        return view;
    }
}
