using System.Globalization;
using System.Text.Json;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.SplomLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Explorer.Components;

/// <summary>The scatter-plot matrix of the projected latent means, one trace per class (so the legend names the
/// classes), plus a marker for the current point. A click on a point raises <see cref="PointSelected"/> with the index
/// of the validation image it stands for. With two components both halves are drawn and with one the diagonal (plotly
/// cannot draw a splom whose only panel is one half of a 2×2 matrix).</summary>
public sealed partial class LatentSplom
{
    private static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private PlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private List<int>[] members = [];
    private ProjectedSpace? shown;
    private int shownPoints;
    private bool replotPending;
    private bool markerPending;
    private string? drawError;
    private IReadOnlyList<double>? shownCurrent;

    [Parameter, EditorRequired] public ProjectedSpace Space { get; set; } = default!;

    /// <summary>The most points drawn (the first ones of the validation set, which is shuffled).</summary>
    [Parameter] public int MaxPoints { get; set; } = 5000;

    /// <summary>The coordinates of the current point, marked on every panel.</summary>
    [Parameter] public IReadOnlyList<double>? Current { get; set; }

    [Parameter] public EventCallback<int> PointSelected { get; set; }

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(shown, Space) || shownPoints != MaxPoints)
        {
            shown = Space;
            shownPoints = MaxPoints;
            shownCurrent = Current;
            Build();
            replotPending = true;
        }
        else if (!ReferenceEquals(shownCurrent, Current) && data.Count > 0)
        {
            shownCurrent = Current;
            data[^1] = CurrentTrace();
            markerPending = true;
        }
    }

    // The chart receives new traces and layout when this component renders; only then is it told to redraw, and only
    // when the space or the marker changed: other renders of the page never resend the points.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender || chart is null)
        {
            return;
        }

        if (!replotPending && !markerPending)
        {
            return;
        }

        // Plotly.Blazor cannot restyle a splom trace alone; the page moves the marker only once a drag pauses.
        replotPending = false;
        markerPending = false;
        try
        {
            await chart.React();
            drawError = null;
        }
        catch (JSException ex)
        {
            // A chart that cannot be drawn must not end the circuit: the sliders and images still work.
            drawError = $"The scatter plot could not be drawn: {ex.Message}";
            StateHasChanged();
        }
    }

    private void Build()
    {
        var k = Space.Components;
        var count = Math.Min(Space.Count, MaxPoints);
        members = [.. Enumerable.Range(0, Space.ClassNames.Count).Select(_ => new List<int>())];
        for (var i = 0; i < count; i++)
        {
            members[Space.Labels[i]].Add(i);
        }

        var traces = new List<ITrace>();
        for (var c = 0; c < members.Length; c++)
        {
            var points = members[c];
            traces.Add(new Splom
            {
                Name = Space.ClassNames[c],
                Dimensions = [.. Enumerable.Range(0, k).Select(d => new Dimension
                {
                    Label = Space.Projection.AxisTitle(d),
                    Values = [.. points.Select(i => (object)Space.Coordinates[(i * k) + d])],
                })],
                Marker = new Plotly.Blazor.Traces.SplomLib.Marker { Size = 3, Color = Palette[c % Palette.Length], Opacity = 0.7m },
                Diagonal = new Diagonal { Visible = k == 1 },
                ShowUpperHalf = k == 2,
            });
        }

        traces.Add(CurrentTrace());
        data = traces;
        var what = Space.Projection.Kind == ProjectionKind.Pca ? "PCA of the latent means" : "Latent means on their raw dimensions";
        var title = Space.Projection.Kind.IsEmbedding()
            ? string.Create(CultureInfo.InvariantCulture, $"{Space.Projection.Kind.Title()} of the latent means of {Space.Count:N0} validation images")
            : string.Create(CultureInfo.InvariantCulture, $"{what}: {Space.ExplainedVariance * 100:F1} % of the variance in {k} components");
        layout = new PlotlyLayout
        {
            Title = new Plotly.Blazor.LayoutLib.Title
            {
                Text = title,
            },
            Height = 620,
            HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.Closest,
            DragMode = Plotly.Blazor.LayoutLib.DragModeEnum.Zoom,
            Margin = new Plotly.Blazor.LayoutLib.Margin { L = 50, R = 20, T = 50, B = 40 },
        };
    }

    private Splom CurrentTrace()
    {
        var k = Space.Components;
        return new Splom
        {
            Name = "current point",
            Dimensions = [.. Enumerable.Range(0, k).Select(d => new Dimension
            {
                Label = Space.Projection.AxisTitle(d),
                Values = Current is { } values && values.Count == k ? [values[d]] : [],
            })],
            Marker = new Plotly.Blazor.Traces.SplomLib.Marker
            {
                Size = 14,
                Color = "#000000",
                Symbol = Plotly.Blazor.Traces.SplomLib.MarkerLib.SymbolEnum.X,
            },
            Diagonal = new Diagonal { Visible = k == 1 },
            ShowUpperHalf = k == 2,
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

    /// <summary>Plotly's indices arrive as JSON numbers (sometimes a one-element array for splom).</summary>
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
