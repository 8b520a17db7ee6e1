namespace LatentDash.Web;

/// <summary>The colours of classes: Plotly's default sequence, so that a class keeps its colour between the explorer's
/// splom, its density view and the manifold's scatter.</summary>
public static class ClassPalette
{
    private static readonly string[] Colours =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    /// <summary>The colour of class <paramref name="index"/>; the sequence repeats beyond ten.</summary>
    public static string Of(int index) => Colours[((index % Colours.Length) + Colours.Length) % Colours.Length];
}
