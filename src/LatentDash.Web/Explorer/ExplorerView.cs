using System.Globalization;
using LatentDash.Models;
using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis;
using Microsoft.AspNetCore.WebUtilities;

namespace LatentDash.Web.Explorer;

/// <summary>The whole state of the explorer, as it lives in the query string: opening a copied address reproduces the
/// same view, image and sliders. Parsed at the boundary into typed values; a bad parameter becomes a message and is
/// dropped, never an exception, and names that become paths follow the naming rule. Values that depend on the model
/// (components, sample, slider count, class) are checked by <see cref="FitTo"/> once the model's shape is known.</summary>
public sealed record ExplorerView
{
    // The explorer's bounds on URL values come from the shared input limits.

    /// <summary>Most components a URL may ask for (k, and values in z).</summary>
    public const int MaxComponents = Limits.MaxLatentDim;

    /// <summary>Largest class index a URL may name (cond), before the model says how many it has.</summary>
    public const int MaxClass = Limits.MaxClassIndex;

    /// <summary>Largest magnitude of a slider value.</summary>
    public const double MaxSliderMagnitude = Limits.MaxSliderMagnitude;

    public string? Dataset { get; init; }

    public string? Run { get; init; }

    public string? Model { get; init; }

    public ProjectionKind Projection { get; init; } = ProjectionKind.Pca;

    /// <summary>The axes the sliders traverse (PCA or raw) while the splom shows a t-SNE or UMAP embedding, which has
    /// no inverse; with PCA or raw shown, the sliders follow the splom's axes and this is ignored.</summary>
    public ProjectionKind Axes { get; init; } = ProjectionKind.Pca;

    /// <summary>The axes the sliders traverse: the splom's own, or <see cref="Axes"/> under an embedding.</summary>
    public ProjectionKind SliderAxes => Projection.IsEmbedding() ? Axes : Projection;

    /// <summary>How many components the splom and sliders show; null means the default for the model.</summary>
    public int? Components { get; init; }

    /// <summary>The selected validation image, if any.</summary>
    public int? Sample { get; init; }

    /// <summary>The slider values (one per component), if the user has moved them or selected a sample.</summary>
    public IReadOnlyList<double>? Sliders { get; init; }

    public SliderRange Range { get; init; } = SliderRange.Std;

    /// <summary>The class a conditioned decoder decodes for.</summary>
    public int? Condition { get; init; }

    /// <summary>Which points the density view bins in place of the splom; null: the splom.</summary>
    public DensityPoints? Density { get; init; }

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
                    view = QueryValues.Name(value, "dataset", problems) is { } dataset ? view with { Dataset = dataset } : view;
                    break;
                case "run":
                    view = QueryValues.Name(value, "run", problems) is { } run ? view with { Run = run } : view;
                    break;
                case "model":
                    view = QueryValues.Name(value, "model", problems) is { } model ? view with { Model = model } : view;
                    break;
                case "proj":
                    if (value switch { "pca" => ProjectionKind.Pca, "raw" => ProjectionKind.Raw, "tsne" => ProjectionKind.Tsne, "umap" => ProjectionKind.Umap, _ => (ProjectionKind?)null } is { } projection)
                    {
                        view = view with { Projection = projection };
                    }
                    else
                    {
                        problems.Add($"proj '{value}' is not a projection: use pca, raw, tsne or umap");
                    }

                    break;
                case "axes":
                    if (value switch { "pca" => ProjectionKind.Pca, "raw" => ProjectionKind.Raw, _ => (ProjectionKind?)null } is { } axes)
                    {
                        view = view with { Axes = axes };
                    }
                    else
                    {
                        problems.Add($"axes '{value}' are not slider axes: use pca or raw");
                    }

                    break;
                case "k":
                    view = Integer(value, "k", 1, MaxComponents, problems) is { } k ? view with { Components = k } : view;
                    break;
                case "sample":
                    view = Integer(value, "sample", 0, int.MaxValue, problems) is { } sample ? view with { Sample = sample } : view;
                    break;
                case "cond":
                    view = Integer(value, "cond", 0, MaxClass, problems) is { } condition ? view with { Condition = condition } : view;
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
                case "density":
                    if (value switch { "val" => DensityPoints.Validation, "train" => DensityPoints.Training, _ => (DensityPoints?)null } is { } density)
                    {
                        view = view with { Density = density };
                    }
                    else
                    {
                        problems.Add($"density '{value}' is not a point set: use val (the validation images) or train (the training images)");
                    }

                    break;
                default:
                    problems.Add($"'{key}' is not a parameter of the explorer (known: dataset, run, model, proj, axes, k, sample, z, range, cond, density)");
                    break;
            }
        }

        if (view.Axes != ProjectionKind.Pca && !view.Projection.IsEmbedding())
        {
            problems.Add("axes is ignored: the sliders follow the splom's axes unless it shows tsne or umap");
            view = view with { Axes = ProjectionKind.Pca };
        }

        if (view.Density == DensityPoints.Training && view.Projection.IsEmbedding())
        {
            problems.Add($"density=train needs pca or raw axes: {view.Projection.Title()} places only the validation points it was fitted on; showing their density");
            view = view with { Density = DensityPoints.Validation };
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
        Add("proj", Projection switch { ProjectionKind.Raw => "raw", ProjectionKind.Tsne => "tsne", ProjectionKind.Umap => "umap", _ => null });
        Add("axes", Projection.IsEmbedding() && Axes == ProjectionKind.Raw ? "raw" : null);
        Add("k", Components?.ToString(CultureInfo.InvariantCulture));
        Add("sample", Sample?.ToString(CultureInfo.InvariantCulture));
        Add("z", Sliders is null ? null : string.Join(',', Sliders.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        Add("range", Range switch { SliderRange.ThreeStd => "3std", SliderRange.Global => "global", _ => null });
        Add("cond", Condition?.ToString(CultureInfo.InvariantCulture));
        Add("density", Density switch { DensityPoints.Validation => "val", DensityPoints.Training => "train", _ => null });
        return string.Join('&', parts);
    }

    /// <summary>Fills in what the URL leaves open (the first dataset, run and model of the index) and replaces a model
    /// that names nothing by the first one, with a message.</summary>
    public ExplorerView Resolve(IReadOnlyList<ExperimentEntry> entries, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(problems);
        if (entries.Count == 0)
        {
            return this;
        }

        if (Model is not null && entries.FirstOrDefault(e => e.Run == Run && e.Model == Model) is { } named)
        {
            return this with { Dataset = named.Dataset };
        }

        var resolved = this;
        if (Model is not null || (Run is not null && entries.All(e => e.Run != Run)))
        {
            problems.Add($"model '{Run}/{Model}' is not in the index; showing the first model instead");
            resolved = new ExplorerView { Projection = Projection, Axes = Axes, Range = Range, Density = Density };
        }

        var dataset = resolved.Dataset is { } d && entries.Any(e => e.Dataset == d) ? d : entries.Select(e => e.Dataset).Order(StringComparer.Ordinal).First();
        var run = resolved.Run is { } r && entries.Any(e => e.Dataset == dataset && e.Run == r)
            ? r
            : entries.Where(e => e.Dataset == dataset).Select(e => e.Run).Order(StringComparer.Ordinal).First();
        var model = entries.Where(e => e.Dataset == dataset && e.Run == run).Select(e => e.Model).Order(StringComparer.Ordinal).First();
        return resolved with { Dataset = dataset, Run = run, Model = model, Sample = null, Sliders = null, Condition = null };
    }

    /// <summary>Checks the values that depend on the model against its shape: each one out of range becomes a message
    /// and falls back to a valid value (components clamped, the rest dropped). Components get the model's default when
    /// the URL gives none.</summary>
    public ExplorerView FitTo(ModelShape shape, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(problems);
        var view = this;
        var dimensions = shape.LatentDim;
        var components = Math.Clamp(Components ?? Math.Min(4, dimensions), MinComponents(dimensions), dimensions);
        if (Components is { } asked && asked != components)
        {
            problems.Add($"k {asked} does not fit this model's {dimensions} latent dimensions; showing {components}");
        }

        view = view with { Components = components };
        if (Projection.IsEmbedding() && shape.SampleCount is { } points && points < new EmbeddingRequest(Projection).MinPoints)
        {
            problems.Add($"proj {Projection.Title()} needs at least {new EmbeddingRequest(Projection).MinPoints} validation images, this model has {points}; showing PCA");
            view = view with { Projection = ProjectionKind.Pca, Axes = ProjectionKind.Pca };
        }

        if (Sample is { } sample && shape.SampleCount is { } count && sample >= count)
        {
            problems.Add($"sample {sample} is beyond the {count} validation images");
            view = view with { Sample = null };
        }

        if (Sliders is { } values && values.Count != components)
        {
            problems.Add($"z has {values.Count} values but {components} components are shown");
            view = view with { Sliders = null };
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

        return view;
    }

    /// <summary>The fewest components the splom shows: two, or one for a one-dimensional latent space.</summary>
    public static int MinComponents(int latentDim) => Math.Min(2, latentDim);


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

            if (Math.Abs(result[i]) > MaxSliderMagnitude)
            {
                problems.Add($"z value '{items[i]}' is beyond ±{MaxSliderMagnitude.ToString("0e0", CultureInfo.InvariantCulture)}");
                return null;
            }
        }

        return result;
    }
}
