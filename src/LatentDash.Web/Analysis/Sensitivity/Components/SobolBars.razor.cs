using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.BarLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Sensitivity.Components;

public sealed partial class SobolBars
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private SobolIndices? shown;
    private bool redraw;

    [Parameter, EditorRequired] public SobolIndices Indices { get; set; } = default!;

    [Parameter, EditorRequired] public string Id { get; set; } = "";

    [Parameter] public int Height { get; set; } = 300;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(shown, Indices))
        {
            return;
        }

        redraw = shown is not null;
        shown = Indices;
        var labels = Enumerable.Range(1, Indices.Dimensions).Select(i => (object)string.Create(CultureInfo.InvariantCulture, $"z{i}")).ToList();
        data =
        [
            Bars("first order S", "#1f77b4", labels, Indices.FirstOrder, Indices.FirstOrderLow, Indices.FirstOrderHigh),
            Bars("total S_T", "#ff7f0e", labels, Indices.Total, Indices.TotalLow, Indices.TotalHigh),
        ];
        layout = new PlotlyLayout
        {
            Height = Height,
            BarMode = BarModeEnum.Group,
            Margin = new Margin { L = 50, R = 10, T = 10, B = 40 },
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "index" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H }],
        };
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender && redraw)
        {
            redraw = false;
            await chart.React();
        }
    }

    private static Bar Bars(string name, string color, List<object> labels, double[] value, double[] low, double[] high) => new()
    {
        Name = name,
        X = labels,
        Y = [.. value.Select(v => (object)v)],
        Marker = new Marker { Color = color },
        ErrorY = new ErrorY
        {
            Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
            Symmetric = false,
            Array = [.. value.Select((v, i) => (object)Math.Max(0, high[i] - v))],
            ArrayMinus = [.. value.Select((v, i) => (object)Math.Max(0, v - low[i]))],
            Color = "#333",
            Thickness = 1.2m,
        },
    };
}
