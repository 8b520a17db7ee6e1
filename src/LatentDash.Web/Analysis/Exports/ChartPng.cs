using Plotly.Blazor;
using Plotly.Blazor.ConfigLib;

namespace LatentDash.Web.Analysis.Exports;

/// <summary>The Plotly configuration of the analysis charts: the mode bar always shown, its camera button saving the
/// chart as a PNG named after what it shows, at twice the screen's resolution.</summary>
public static class ChartPng
{
    public static Config Config(string fileName) => new()
    {
        Responsive = true,
        DisplayLogo = false,
        DisplayModeBar = DisplayModeBarEnum.True,
        ToImageButtonOptions = new { format = "png", filename = fileName, scale = 2 },
    };
}
