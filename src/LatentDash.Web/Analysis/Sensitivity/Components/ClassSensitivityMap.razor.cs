using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Sensitivity.Components;

public sealed partial class ClassSensitivityMap
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private SobolIndices? shown;
    private bool redraw;

    /// <summary>Indices over the class probabilities (Outputs = classes).</summary>
    [Parameter, EditorRequired] public SobolIndices Indices { get; set; } = default!;

    [Parameter, EditorRequired] public IReadOnlyList<string> ClassNames { get; set; } = [];

    [Parameter, EditorRequired] public string Id { get; set; } = "";

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(shown, Indices))
        {
            return;
        }

        redraw = shown is not null;
        shown = Indices;
        var classes = Indices.Outputs;
        var z = Enumerable.Range(0, classes)
            .Select(c => (object)Enumerable.Range(0, Indices.Dimensions).Select(i => Math.Round(Indices.TotalPerOutput[(i * classes) + c], 4)).ToArray())
            .ToList();
        data =
        [
            new HeatMap
            {
                Z = z,
                X = [.. Enumerable.Range(1, Indices.Dimensions).Select(i => (object)string.Create(CultureInfo.InvariantCulture, $"z{i}"))],
                Y = [.. Enumerable.Range(0, classes).Select(c => (object)(c < ClassNames.Count ? ClassNames[c] : QueryValues.Format(c)))],
                ZMin = 0,
                ZMax = 1,
                ColorScale = "Viridis",
                ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = "S_T" } },
            },
        ];
        layout = new PlotlyLayout
        {
            Height = 60 + (24 * classes),
            Margin = new Margin { L = 110, R = 10, T = 10, B = 40 },
            YAxis = [new YAxis { AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
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
}
