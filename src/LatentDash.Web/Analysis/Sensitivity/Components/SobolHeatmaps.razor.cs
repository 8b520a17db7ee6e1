using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Sensitivity.Components;

public sealed partial class SobolHeatmaps
{
    private const int Gap = 3;
    private const int CellPixels = 190;

    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private SobolIndices? shown;
    private bool redraw;

    [Parameter, EditorRequired] public SobolIndices Indices { get; set; } = default!;

    [Parameter, EditorRequired] public int Width { get; set; }

    [Parameter, EditorRequired] public int Height { get; set; }

    [Parameter, EditorRequired] public string Id { get; set; } = "";

    [Parameter] public int Columns { get; set; } = 5;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(shown, Indices))
        {
            return;
        }

        redraw = shown is not null;
        shown = Indices;
        var dims = Indices.Dimensions;
        var columns = Math.Min(Columns, dims);
        var rows = (dims + columns - 1) / columns;
        var gridWidth = (columns * (Width + Gap)) - Gap;
        var gridHeight = (rows * (Height + Gap)) - Gap;
        // Gaps are null: Plotly leaves them blank rather than drawing them as an index of 0.
        var z = new object?[gridHeight][];
        for (var y = 0; y < gridHeight; y++)
        {
            z[y] = new object?[gridWidth];
        }

        var annotations = new List<Annotation>();
        var pixels = Width * Height;
        for (var i = 0; i < dims; i++)
        {
            int left = (i % columns) * (Width + Gap), top = (i / columns) * (Height + Gap);
            for (var p = 0; p < pixels; p++)
            {
                // The first channel's pixels: the datasets here are greyscale.
                z[top + (p / Width)][left + (p % Width)] = Math.Round(Indices.TotalPerOutput[(i * Indices.Outputs) + p], 4);
            }

            annotations.Add(new Annotation
            {
                X = left + (Width / 2.0),
                Y = top - 0.5,
                XRef = "x",
                YRef = "y",
                YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom,
                ShowArrow = false,
                Text = string.Create(CultureInfo.InvariantCulture, $"z{i + 1}: S_T {Indices.Total[i]:0.00}"),
            });
        }

        data =
        [
            new HeatMap
            {
                Z = [.. z.Cast<object>()],
                ZMin = 0,
                ZMax = 1,
                ColorScale = "Viridis",
                HoverOnGaps = false,
                ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = "S_T" } },
            },
        ];
        layout = new PlotlyLayout
        {
            Height = (rows * CellPixels) + 60,
            Margin = new Margin { L = 10, R = 10, T = 30, B = 10 },
            XAxis = [new XAxis { Visible = false, Constrain = Plotly.Blazor.LayoutLib.XAxisLib.ConstrainEnum.Domain }],
            YAxis = [new YAxis { Visible = false, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed, ScaleAnchor = "x", Constrain = Plotly.Blazor.LayoutLib.YAxisLib.ConstrainEnum.Domain }],
            Annotations = annotations,
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
