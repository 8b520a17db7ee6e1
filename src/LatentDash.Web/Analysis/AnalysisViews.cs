namespace LatentDash.Web.Analysis;

/// <summary>The analysis views of a model and where each lives: the menu, the explorer's "open in" links and the run
/// comparison's row links are built from this one list.</summary>
public static class AnalysisViews
{
    /// <summary>Views of one model that start from a selected sample.</summary>
    public static IReadOnlyList<(string Title, string Path)> OfSample { get; } =
    [
        ("Traversal grid", "/traversal"),
        ("Interpolation", "/interpolation"),
        ("Reconstructions", "/reconstructions"),
        ("2-D manifold", "/manifold"),
        ("Counterfactual", "/counterfactual"),
    ];

    /// <summary>Views of one model as a whole.</summary>
    public static IReadOnlyList<(string Title, string Path)> OfModel { get; } =
    [
        ("Training curves", "/curves"),
        ("Sensitivity (Sobol)", "/sensitivity"),
    ];

    /// <summary>Views across models.</summary>
    public static IReadOnlyList<(string Title, string Path)> AcrossModels { get; } =
    [
        ("Run comparison", "/compare"),
    ];

    /// <summary>The address of a view on a model (and sample): the same query keys in every view.</summary>
    public static string Link(string path, string? dataset, string? run, string? model, int? sample = null) =>
        path + "?" + QueryValues.Join(
        [
            ("dataset", dataset), ("run", run), ("model", model),
            ("sample", sample is { } s ? QueryValues.Format(s) : null),
        ]);
}
