using System.Globalization;
using System.Runtime.InteropServices;
using LatentDash.Models;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LatentDash.Web.Explorer.Components;

/// <summary>The scatter-plot matrix of the projected latent means (WebGL), one trace per class (so the legend names the
/// classes), with the current point marked on every panel. A click on a point raises <see cref="PointSelected"/> with the
/// index of the validation image it stands for. With two components both halves are drawn and with one the diagonal
/// (plotly cannot draw a splom whose only panel is one half of a 2×2 matrix).</summary>
/// <remarks>Drawn by our own module (wwwroot/js/splom.js) rather than Plotly.Blazor's typed traces: the coordinates go
/// to the browser as one Float32 byte array and the labels as one byte each (Blazor sends byte arrays as binary, not
/// as JSON numbers), and the marker moves by itself at every slider step without redrawing the points: the current point
/// is an attribute of the chart's element (<c>data-current</c>), which the module watches, so a step costs no JS call of
/// its own, only the attribute's change in the render batch that carries the decoded image.</remarks>
public sealed partial class LatentSplom : IAsyncDisposable
{
    /// <summary>The module that draws the splom, as the page imports it.</summary>
    public const string ModulePath = "./js/splom.js";


    private ElementReference element;
    private ChartModule<LatentSplom>? chart;
    private ProjectedSpace? shown;
    private int shownPoints;
    private int drawnPoints;
    private bool drawPending;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public ProjectedSpace Space { get; set; } = default!;

    /// <summary>The most points drawn (the first ones of the validation set, which is shuffled).</summary>
    [Parameter] public int MaxPoints { get; set; } = Limits.MaxPoints;

    /// <summary>The coordinates of the current point, marked on every panel.</summary>
    [Parameter] public IReadOnlyList<double>? Current { get; set; }

    [Parameter] public EventCallback<int> PointSelected { get; set; }

    /// <summary>The current point as the chart's element carries it: the coordinates, space-separated, round-trippable.</summary>
    private string? CurrentAttribute => Current is { } current
        ? string.Join(' ', current.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
        : null;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(shown, Space) || shownPoints != MaxPoints)
        {
            shown = Space;
            shownPoints = MaxPoints;
            drawPending = true;
        }
    }

    // Only a new space (or point count) redraws the points; a new current point is the element's attribute alone, and
    // other renders of the page send nothing.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!drawPending)
        {
            return;
        }

        drawPending = false;
        chart ??= new ChartModule<LatentSplom>(JS, ModulePath, this);
        var count = Math.Min(Space.Count, MaxPoints);
        drawnPoints = count;
        // A failure shows as a warning above the chart; the sliders and images still work.
        if (await chart.TryDrawAsync(element, Coordinates(Space, count), Labels(Space, count), Options()))
        {
            StateHasChanged();
        }
    }

    /// <summary>Starts loading the module and plotly.js in the browser, for a page that will show a splom once its model
    /// has loaded: the two loads then overlap. A browser that has gone is no error.</summary>
    public static async Task PreloadAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        try
        {
            await using var splom = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await splom.InvokeVoidAsync("preload");
        }
        catch (JSDisconnectedException)
        {
            // The page was left before it could start.
        }
    }

    /// <summary>The first <paramref name="count"/> points' coordinates as little-endian Float32 bytes, row-major.</summary>
    internal static byte[] Coordinates(ProjectedSpace space, int count)
    {
        // Every platform .NET runs on here is little-endian, as is every browser's Float32Array.
        return MemoryMarshal.AsBytes(space.Coordinates.AsSpan(0, count * space.Components)).ToArray();
    }

    private static byte[] Labels(ProjectedSpace space, int count) =>
        count == space.Labels.Length ? space.Labels : space.Labels[..count];

    private SplomOptions Options()
    {
        var k = Space.Components;
        var what = Space.Projection.Kind == ProjectionKind.Pca ? "PCA of the latent means" : "Latent means on their raw dimensions";
        var title = Space.Projection.Kind.IsEmbedding()
            ? string.Create(CultureInfo.InvariantCulture, $"{Space.Projection.Kind.Title()} of the latent means of {Space.Count:N0} validation images")
            : string.Create(CultureInfo.InvariantCulture, $"{what}: {Space.ExplainedVariance * 100:F1} % of the variance in {k} components");
        return new SplomOptions(
            k,
            Space.ClassNames,
            [.. Enumerable.Range(0, Space.ClassNames.Count).Select(c => ClassPalette.Of(c))],
            [.. Enumerable.Range(0, k).Select(Space.Projection.AxisTitle)],
            title);
    }

    /// <summary>Called by the module when a point is clicked, with its index in the validation set.</summary>
    [JSInvokable]
    public Task OnPointClicked(int index) =>
        index >= 0 && index < drawnPoints ? InvokeAsync(() => PointSelected.InvokeAsync(index)) : Task.CompletedTask;

    public ValueTask DisposeAsync() => chart?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>What the module needs besides the points (serialised camelCase by Blazor).</summary>
    private sealed record SplomOptions(
        int Components, IReadOnlyList<string> ClassNames, string[] Colors, string[] AxisTitles, string Title);
}
