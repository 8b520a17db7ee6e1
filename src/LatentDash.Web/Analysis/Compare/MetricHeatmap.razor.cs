using System.Globalization;
using LatentDash.Models.Comparison;
using LatentDash.Web.Analysis.Exports;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Compare;

/// <summary>A heat map of a <see cref="MetricGrid"/>: β on the rows, latent dim on the columns, categorical axes so
/// that a sweep's few values sit evenly; the colour scale is reversed for metrics where lower is better, so the best
/// cells are always the bright ones. The page re-creates it (by key) when its view changes.</summary>
public sealed partial class MetricHeatmap
{
    private Config config = new();
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];

    [Parameter, EditorRequired] public MetricGrid Grid { get; set; } = default!;

    [Parameter, EditorRequired] public ComparisonColumn Metric { get; set; } = default!;

    /// <summary>The colour scale's ends, shared by the page's grids so that one colour means one value on all of them.</summary>
    [Parameter] public (double Min, double Max)? Range { get; set; }

    private string Id => $"grid-{Grid.Architecture}";

    protected override void OnParametersSet()
    {
        config = ChartPng.Config($"{Metric.Key}-{Grid.Architecture}");
        var c = CultureInfo.InvariantCulture;
        var x = Grid.LatentDims.Select(d => (object)$"dim {d.ToString(c)}").ToList();
        var y = Grid.Betas.Select(b => (object)$"β {b.ToString("0.###", c)}").ToList();
        data =
        [
            new HeatMap
            {
                Name = Grid.Architecture,
                X = x,
                Y = y,
                Z = [.. Grid.Values.Select(row => (object)row.ToArray())],
                Text = [.. Grid.Values.Select(row => (object)row.Select(v => v?.ToString(Metric.Format, c) ?? "").ToArray())],
                TextTemplate = "%{text}",
                HoverTemplate = $"%{{y}}, %{{x}}: %{{text}}<extra>{Grid.Architecture}</extra>",
                ColorScale = "Viridis",
                ReverseScale = Metric.HigherIsBetter == false,
                ZMin = Range is { } zMin ? (decimal)zMin.Min : null,
                ZMax = Range is { } zMax ? (decimal)zMax.Max : null,
                XGap = 2,
                YGap = 2,
            },
        ];
        layout = new PlotlyLayout
        {
            Height = 300,
            Margin = new Margin { L = 70, R = 10, T = 36, B = 50 },
            // Left, so that the mode bar (always shown, top right) does not cover it.
            Title = new Plotly.Blazor.LayoutLib.Title
            {
                Text = Grid.Architecture,
                Font = new Plotly.Blazor.LayoutLib.TitleLib.Font { Size = 14 },
                X = 0.01m,
                XAnchor = Plotly.Blazor.LayoutLib.TitleLib.XAnchorEnum.Left,
            },
            XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category, Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "latent dim" } }],
            YAxis = [new YAxis { Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category, Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "β" } }],
        };
    }
}
