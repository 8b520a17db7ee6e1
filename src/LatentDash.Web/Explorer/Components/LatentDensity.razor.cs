using System.Globalization;
using System.Text.Json;
using LatentDash.Jobs.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace LatentDash.Web.Explorer.Components;

/// <summary>The explorer's density view, in place of the splom when points overlap so much that their colour no longer
/// reads: one 2-D histogram per pair of shown components (the splom's lower half) of the validation points, or of the
/// model's whole training set projected on the same axes. A bin's colour is the class holding most of its points
/// (near-black when none holds half), darker for more points. Only the bins travel to the browser (tens of KB per panel), never
/// the points. A click on a bin raises <see cref="PointSelected"/> with the validation sample nearest its centre.</summary>
public sealed partial class LatentDensity : IAsyncDisposable
{
    private const string ChartId = "latent-density";
    private const string ModulePath = "./js/density.js";

    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private DetachingPlotlyChart chart = default!;
    private PlotlyLayout layout = new();
    private List<ITrace> data = [];
    private DensityMatrix? matrix;
    private readonly TicketFollower<LatentSpace> follower;
    private (string Run, string Model, LatentSpace Space)? training;
    private (ProjectedSpace Space, DensityPoints Points, string? Run, string? Model)? shown;
    private IReadOnlyList<double>? shownCurrent;
    private IReadOnlyList<double>? builtCurrent;
    private bool redraw;
    private bool movePending;
    private Task<IJSObjectReference>? module;
    private bool ready;
    private string? note;
    private string? caption;
    private string layoutTitle = "";
    private string? drawError;

    [Inject] private TrainingLatents Latents { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The validation points on the explorer's axes (their projection also places the training points).</summary>
    [Parameter, EditorRequired] public ProjectedSpace Space { get; set; } = default!;

    [Parameter] public DensityPoints Points { get; set; }

    /// <summary>The model whose training set <see cref="DensityPoints.Training"/> bins.</summary>
    [Parameter] public string? Run { get; set; }

    [Parameter] public string? Model { get; set; }

    /// <summary>The coordinates of the current point, marked on every panel.</summary>
    [Parameter] public IReadOnlyList<double>? Current { get; set; }

    [Parameter] public EventCallback<int> PointSelected { get; set; }

    /// <summary>Bins per axis: finer with few panels, coarser with many (the payload grows with panels × bins²).</summary>
    public static int BinsFor(int components) => components switch { <= 3 => 48, <= 5 => 36, <= 8 => 24, _ => 16 };

    protected override void OnParametersSet()
    {
        var next = (Space, Points, Run, Model);
        if (shown is not { } last || !ReferenceEquals(last.Space, Space) || last.Points != Points || last.Run != Run || last.Model != Model)
        {
            shown = next;
            shownCurrent = Current;
            Show();
        }
        else if (!ReferenceEquals(shownCurrent, Current) && matrix is not null)
        {
            // The marker follows every slider step: moved alone in the browser, the bins are not sent again.
            shownCurrent = Current;
            movePending = true;
        }
    }

    public LatentDensity() => follower = new(OnTicketChanged);

    private AnalysisTicket<LatentSpace>? Ticket => follower.Current;

    public async ValueTask DisposeAsync()
    {
        follower.Stop();
        if (module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }

    private string Swatch(int band) => $"display:inline-block;width:12px;height:12px;border-radius:2px;background:{DensityFigure.ColourOf(band, Space.ClassNames.Count)}";

    // The chart draws its first parameters itself; a redraw sent before that first plot is done was lost (the bins of a
    // cached training set can arrive that fast), so redraws wait until the chart says it has rendered.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender || !ready || chart is null)
        {
            return;
        }

        if (!redraw)
        {
            await MoveMarkerAsync();
            return;
        }

        (redraw, movePending) = (false, false);
        try
        {
            // The traces are rebuilt with the current point where it is now.
            if (matrix is not null && !ReferenceEquals(shownCurrent, builtCurrent))
            {
                Build();
                redraw = false;
            }

            await chart.React();
            drawError = null;
        }
        catch (JSException ex)
        {
            // A chart that cannot be drawn must not end the circuit: the sliders and images still work.
            drawError = $"The density view could not be drawn: {ex.Message}";
            StateHasChanged();
        }
    }

    /// <summary>Bins the chosen point set, or starts (or follows) the encoding of the training images.</summary>
    private void Show()
    {
        note = null;
        matrix = null;
        if (Points == DensityPoints.Validation || Space.Projection.Kind.IsEmbedding())
        {
            follower.Stop();
            if (Points == DensityPoints.Training)
            {
                note = $"The training images are not offered on {Space.Projection.Kind.Title()}: it places only the validation points it was fitted on. Showing their density; choose PCA or raw dimensions for the training set.";
            }

            Bin(Space.Coordinates, Space.Labels, string.Create(CultureInfo.InvariantCulture, $"{Space.Count:N0} validation images"));
            return;
        }

        if (training is { } known && known.Run == Run && known.Model == Model)
        {
            follower.Stop();
            BinTraining(known.Space);
            return;
        }

        if (Run is null || Model is null)
        {
            note = "No model is open.";
            Clear();
            return;
        }

        Clear();
        follower.Follow(Latents.Compute(Run, Model));
    }

    private void BinTraining(LatentSpace space)
    {
        var coordinates = Space.Projection.Transform(space.Mu, space.Count, Space.Components);
        var axes = Space.Projection.Kind == ProjectionKind.Pca ? "PCA axes fitted on the validation set" : "raw latent dimensions";
        Bin(coordinates, space.Labels, string.Create(CultureInfo.InvariantCulture, $"{space.Count:N0} training images on the {axes}"));
    }

    private void Bin(float[] coordinates, byte[] labels, string what)
    {
        var k = Space.Components;
        if (k < 2)
        {
            note = "The density view needs two components: with one there is no pair to bin.";
            Clear();
            return;
        }

        var bins = BinsFor(k);
        matrix = DensityMatrix.Compute(coordinates, k, labels, Space.ClassNames.Count, bins);
        caption = string.Create(CultureInfo.InvariantCulture,
            $"Density of the latent means of {what}: {matrix.Grids.Count} panel(s) of {bins} × {bins} bins. A bin's colour is the class holding most of its points, darker for more points (log scale); hover for counts, click a bin to select the validation image nearest its centre.");
        layoutTitle = string.Create(CultureInfo.InvariantCulture, $"Density of the latent means of {what}");
        Build();
    }

    private void Build()
    {
        builtCurrent = Current;
        (data, layout) = DensityFigure.Build(matrix!, Space.Projection, Space.ClassNames, Current, layoutTitle);
        redraw = true;
    }

    /// <summary>Moves the marker traces (one per panel, after the panels' heatmaps) to the current point.</summary>
    private async Task MoveMarkerAsync()
    {
        if (!movePending || matrix is not { } m)
        {
            return;
        }

        movePending = false;
        var k = Space.Components;
        var current = Current is { } values && values.Count == k ? values : null;
        var xs = m.Pairs.Select(p => current is null ? (double?)null : current[p.X]).ToArray();
        var ys = m.Pairs.Select(p => current is null ? (double?)null : current[p.Y]).ToArray();
        try
        {
            module ??= JS.InvokeAsync<IJSObjectReference>("import", ModulePath).AsTask();
            await (await module).InvokeAsync<bool>("moveMarker", ChartId, m.Pairs.Count, xs, ys);
        }
        catch (JSException ex)
        {
            drawError = $"The current point could not be moved on the density view: {ex.Message}";
            StateHasChanged();
        }
        catch (JSDisconnectedException)
        {
            // The page is gone: nothing to move.
        }
    }

    private void Clear()
    {
        matrix = null;
        data = [];
        layout = new PlotlyLayout { Height = 80 };
        redraw = true;
    }

    // Raised on the runner's thread: progress re-renders the bar, a result is binned and drawn.
    private void OnTicketChanged() => _ = InvokeAsync(() =>
    {
        if (Ticket is { Result: { } result } && Run is { } run && Model is { } model && Ticket.Key == TrainingLatents.KeyOf(run, model))
        {
            follower.Stop();
            training = (run, model, result);
            if (Points == DensityPoints.Training && !Space.Projection.Kind.IsEmbedding())
            {
                BinTraining(result);
            }
        }

        StateHasChanged();
    });

    // The chart's own pattern: subscribe once it has rendered; then send what changed meanwhile.
    private void OnChartRendered()
    {
        if (ready)
        {
            return;
        }

        ready = true;
        _ = chart.SubscribeClickEvent();
        if (redraw)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    private void OnClick(IEnumerable<EventDataPoint> points)
    {
        if (matrix is not { } m || points.FirstOrDefault() is not { } point)
        {
            return;
        }

        var pairs = m.Pairs;
        var curve = ToNumber(point.CurveNumber);
        if (curve is not { } c || c < 0 || c >= pairs.Count || ToNumber(point.X) is not { } x || ToNumber(point.Y) is not { } y)
        {
            return;
        }

        var sample = Nearest(pairs[(int)c], x, y);
        if (sample >= 0)
        {
            _ = InvokeAsync(() => PointSelected.InvokeAsync(sample));
        }
    }

    /// <summary>The validation sample nearest (x, y) on the panel of one pair of components.</summary>
    private int Nearest((int X, int Y) pair, double x, double y)
    {
        var k = Space.Components;
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < Space.Count; i++)
        {
            double dx = Space.Coordinates[(i * k) + pair.X] - x, dy = Space.Coordinates[(i * k) + pair.Y] - y;
            var distance = (dx * dx) + (dy * dy);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return best;
    }

    private static double? ToNumber(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } number => number.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => ToNumber(array[0]),
        int number => number,
        long number => number,
        double number => number,
        _ => null,
    };
}
