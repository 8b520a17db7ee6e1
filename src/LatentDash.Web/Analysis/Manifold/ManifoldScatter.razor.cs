using System.Globalization;
using System.Runtime.InteropServices;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LatentDash.Web.Analysis.Manifold;

/// <summary>The latent means of the validation images on the grid's two dimensions, one trace per class (the
/// original's plot_latent_space), with the grid's extent drawn as a rectangle and the held sample marked. A click on a
/// point raises <see cref="PointSelected"/> with its image index.</summary>
/// <remarks>Drawn by our own module (wwwroot/js/manifold-scatter.js) with the splom's plotly.js bundle (gl2d: scattergl
/// and layout shapes), not through Plotly.Blazor, whose charts load plotly.js's full bundle: evaluating that one held the
/// page's main thread about a second at every open, from the browser's caches too. The points go to the browser as one
/// Float32 byte array and one label byte each (binary, not JSON numbers).</remarks>
public sealed partial class ManifoldScatter : IAsyncDisposable
{
    /// <summary>The module that draws the scatter, as the page imports it.</summary>
    public const string ModulePath = "./js/manifold-scatter.js";

    private ElementReference element;
    private ChartModule<ManifoldScatter>? chart;
    private (LatentSpace, ManifoldGrid, int?, int)? shown;
    private int drawnPoints;
    private bool drawPending;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public LatentSpace Space { get; set; } = default!;

    [Parameter, EditorRequired] public ManifoldGrid Grid { get; set; } = default!;

    /// <summary>The sample whose μ holds the other dimensions, marked on the plot.</summary>
    [Parameter] public int? Sample { get; set; }

    [Parameter] public int MaxPoints { get; set; } = 5000;

    [Parameter] public EventCallback<int> PointSelected { get; set; }

    protected override void OnParametersSet()
    {
        if (shown is not { } s || !ReferenceEquals(s.Item1, Space) || !ReferenceEquals(s.Item2, Grid) || s.Item3 != Sample || s.Item4 != MaxPoints)
        {
            shown = (Space, Grid, Sample, MaxPoints);
            drawPending = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!drawPending)
        {
            return;
        }

        drawPending = false;
        chart ??= new ChartModule<ManifoldScatter>(JS, ModulePath, this);
        var count = Math.Min(Space.Count, MaxPoints);
        drawnPoints = count;
        // A failure shows as a warning above the chart; the grid still shows.
        if (await chart.TryDrawAsync(element, Points(Space, Grid, count), Labels(Space, count), Options()))
        {
            StateHasChanged();
        }
    }

    /// <summary>The first <paramref name="count"/> points' μ on the grid's two dimensions as little-endian Float32
    /// bytes: x, y per point.</summary>
    internal static byte[] Points(LatentSpace space, ManifoldGrid grid, int count)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(grid);
        int d = space.Dimensions;
        // Written in place as floats: every platform .NET runs on here is little-endian, as is every browser's
        // Float32Array.
        var bytes = new byte[count * 2 * sizeof(float)];
        var xy = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        for (var i = 0; i < count; i++)
        {
            xy[2 * i] = space.Mu[(i * d) + grid.X];
            xy[(2 * i) + 1] = space.Mu[(i * d) + grid.Y];
        }

        return bytes;
    }

    private static byte[] Labels(LatentSpace space, int count) =>
        count == space.Labels.Length ? space.Labels : space.Labels[..count];

    private ScatterOptions Options()
    {
        int d = Space.Dimensions, x = Grid.X, y = Grid.Y;
        var sample = Sample is { } s && s >= 0 && s < Space.Count
            ? new SampleMark(s, Space.Mu[(s * d) + x], Space.Mu[(s * d) + y])
            : null;
        return new ScatterOptions(
            Space.ClassNames,
            [.. Enumerable.Range(0, Space.ClassNames.Count).Select(c => ClassPalette.Of(c))],
            $"z{x + 1}",
            $"z{y + 1}",
            string.Create(CultureInfo.InvariantCulture, $"Latent means on z{x + 1} × z{y + 1}; the rectangle is the grid's extent"),
            [Grid.XRange.Min, Grid.XRange.Max, Grid.YRange.Min, Grid.YRange.Max],
            sample);
    }

    /// <summary>Called by the module when a point is clicked, with its index in the validation set.</summary>
    [JSInvokable]
    public Task OnPointClicked(int index) =>
        index >= 0 && index < drawnPoints ? InvokeAsync(() => PointSelected.InvokeAsync(index)) : Task.CompletedTask;

    public ValueTask DisposeAsync() => chart?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>What the module needs besides the points (serialised camelCase by Blazor).</summary>
    private sealed record ScatterOptions(
        IReadOnlyList<string> ClassNames, string[] Colors, string XTitle, string YTitle, string Title, double[] Extent,
        SampleMark? Sample);

    /// <summary>The held sample: its index and its μ on the two dimensions.</summary>
    private sealed record SampleMark(int Index, float X, float Y);
}
