using System.Globalization;
using System.Text.Json;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Analysis.Manifold;

/// <summary>The latent means of the validation images on the grid's two dimensions, one trace per class (the
/// original's plot_latent_space), with the grid's extent drawn as a rectangle and the held sample marked. A click on a
/// point raises <see cref="PointSelected"/> with its image index.</summary>
public sealed partial class ManifoldScatter
{

    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private List<int>[] members = [];
    private (LatentSpace, ManifoldGrid, int?)? shown;
    private bool replotPending;
    private string? drawError;

    [Parameter, EditorRequired] public LatentSpace Space { get; set; } = default!;

    [Parameter, EditorRequired] public ManifoldGrid Grid { get; set; } = default!;

    /// <summary>The sample whose μ holds the other dimensions, marked on the plot.</summary>
    [Parameter] public int? Sample { get; set; }

    [Parameter] public int MaxPoints { get; set; } = 5000;

    [Parameter] public EventCallback<int> PointSelected { get; set; }

    protected override void OnParametersSet()
    {
        if (shown is not { } s || !ReferenceEquals(s.Item1, Space) || !ReferenceEquals(s.Item2, Grid) || s.Item3 != Sample)
        {
            shown = (Space, Grid, Sample);
            Build();
            replotPending = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender || chart is null || !replotPending)
        {
            return;
        }

        replotPending = false;
        try
        {
            await chart.React();
            drawError = null;
        }
        catch (JSException ex)
        {
            // A chart that cannot be drawn must not end the circuit: the grid still shows.
            drawError = $"The scatter plot could not be drawn: {ex.Message}";
            StateHasChanged();
        }
    }

    private void Build()
    {
        int d = Space.Dimensions, x = Grid.X, y = Grid.Y;
        var count = Math.Min(Space.Count, MaxPoints);
        members = [.. Enumerable.Range(0, Space.ClassNames.Count).Select(_ => new List<int>())];
        for (var i = 0; i < count; i++)
        {
            members[Space.Labels[i]].Add(i);
        }

        var traces = new List<ITrace>();
        for (var c = 0; c < members.Length; c++)
        {
            traces.Add(new ScatterGl
            {
                Name = Space.ClassNames[c],
                Mode = Plotly.Blazor.Traces.ScatterGlLib.ModeFlag.Markers,
                X = [.. members[c].Select(i => (object)Space.Mu[(i * d) + x])],
                Y = [.. members[c].Select(i => (object)Space.Mu[(i * d) + y])],
                Marker = new Plotly.Blazor.Traces.ScatterGlLib.Marker { Size = 4, Color = ClassPalette.Of(c), Opacity = 0.7m },
            });
        }

        if (Sample is { } sample && sample < Space.Count)
        {
            traces.Add(new ScatterGl
            {
                Name = $"sample {sample}",
                Mode = Plotly.Blazor.Traces.ScatterGlLib.ModeFlag.Markers,
                X = [Space.Mu[(sample * d) + x]],
                Y = [Space.Mu[(sample * d) + y]],
                Marker = new Plotly.Blazor.Traces.ScatterGlLib.Marker
                {
                    Size = 14,
                    Color = "#000000",
                    Symbol = Plotly.Blazor.Traces.ScatterGlLib.MarkerLib.SymbolEnum.X,
                },
            });
        }

        data = traces;
        layout = new PlotlyLayout
        {
            Title = new Plotly.Blazor.LayoutLib.Title
            {
                Text = string.Create(CultureInfo.InvariantCulture, $"Latent means on z{x + 1} × z{y + 1}; the rectangle is the grid's extent"),
            },
            Height = 560,
            HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.Closest,
            XAxis = [new Plotly.Blazor.LayoutLib.XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = $"z{x + 1}" } }],
            YAxis = [new Plotly.Blazor.LayoutLib.YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"z{y + 1}" } }],
            Margin = new Plotly.Blazor.LayoutLib.Margin { L = 50, R = 20, T = 50, B = 40 },
            Shapes =
            [
                new Plotly.Blazor.LayoutLib.Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect,
                    X0 = Grid.XRange.Min,
                    X1 = Grid.XRange.Max,
                    Y0 = Grid.YRange.Min,
                    Y1 = Grid.YRange.Max,
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#000000", Width = 2 },
                },
            ],
        };
    }

    // The chart's own pattern: subscribe once it has rendered.
    private void Subscribe() => _ = chart.SubscribeClickEvent();

    private void OnClick(IEnumerable<EventDataPoint> points)
    {
        var point = points.FirstOrDefault();
        if (point is null)
        {
            return;
        }

        var curve = ToIndex(point.CurveNumber);
        var index = ToIndex(point.PointIndex);
        if (curve >= 0 && curve < members.Length && index >= 0 && index < members[curve].Count)
        {
            _ = InvokeAsync(() => PointSelected.InvokeAsync(members[curve][index]));
        }
    }

    private static int ToIndex(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } number => number.GetInt32(),
        JsonElement { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => ToIndex(array[0]),
        int number => number,
        long number => (int)number,
        double number => (int)number,
        _ => -1,
    };
}
