using System.Runtime.InteropServices;
using System.Text.Json;
using Bunit;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Manifold;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The manifold's scatter hands its module the points on the grid's two dimensions in one call (Float32 x, y
/// bytes and label bytes), with the grid's extent and the held sample, and reports clicks with the validation
/// index.</summary>
public sealed class ManifoldScatterTests : IAsyncLifetime, IAsyncDisposable
{
    private const int Points = 3_000;
    private const int Dimensions = 4;
    // As Blazor serialises a JS call's arguments: camelCase.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly BunitContext context = new();
    private readonly BunitJSModuleInterop module;
    private readonly LatentSpace space = Space();

    public ManifoldScatterTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        module = context.JSInterop.SetupModule(ManifoldScatter.ModulePath);
    }

    [Fact]
    public void The_points_go_to_the_module_as_float32_pairs_on_the_grids_dimensions_with_their_labels()
    {
        var grid = Grid(x: 1, y: 3);

        context.Render<ManifoldScatter>(p => p.Add(c => c.Space, space).Add(c => c.Grid, grid).Add(c => c.MaxPoints, 2_000));

        var draw = Assert.Single(module.Invocations["draw"]);
        var xy = MemoryMarshal.Cast<byte, float>(Assert.IsType<byte[]>(draw.Arguments[2])).ToArray();
        Assert.Equal(2_000 * 2, xy.Length);
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal(space.Mu[(i * Dimensions) + 1], xy[2 * i]);
            Assert.Equal(space.Mu[(i * Dimensions) + 3], xy[(2 * i) + 1]);
        }

        Assert.Equal(space.Labels.AsSpan(0, 2_000).ToArray(), Assert.IsType<byte[]>(draw.Arguments[3]));
    }

    [Fact]
    public void The_options_carry_the_axes_the_grids_extent_and_the_held_sample()
    {
        var grid = Grid(x: 0, y: 2);

        context.Render<ManifoldScatter>(p => p.Add(c => c.Space, space).Add(c => c.Grid, grid).Add(c => c.Sample, 7));

        var options = JsonSerializer.SerializeToElement(module.Invocations["draw"].Single().Arguments[4], Web);
        Assert.Equal("z1", options.GetProperty("xTitle").GetString());
        Assert.Equal("z3", options.GetProperty("yTitle").GetString());
        Assert.Equal([-2.5, 2.5, -1.0, 3.0], options.GetProperty("extent").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(10, options.GetProperty("classNames").GetArrayLength());
        var sample = options.GetProperty("sample");
        Assert.Equal(7, sample.GetProperty("index").GetInt32());
        Assert.Equal(space.Mu[(7 * Dimensions) + 0], sample.GetProperty("x").GetSingle());
        Assert.Equal(space.Mu[(7 * Dimensions) + 2], sample.GetProperty("y").GetSingle());
    }

    [Fact]
    public void Without_a_sample_nothing_is_marked_and_the_same_parameters_draw_once()
    {
        var grid = Grid(x: 0, y: 1);
        var cut = context.Render<ManifoldScatter>(p => p.Add(c => c.Space, space).Add(c => c.Grid, grid));

        cut.Render(p => p.Add(c => c.Space, space).Add(c => c.Grid, grid));

        var draw = Assert.Single(module.Invocations["draw"]);
        var options = JsonSerializer.SerializeToElement(draw.Arguments[4], Web);
        Assert.Equal(JsonValueKind.Null, options.GetProperty("sample").ValueKind);

        cut.Render(p => p.Add(c => c.Space, space).Add(c => c.Grid, grid).Add(c => c.Sample, 3));

        Assert.Equal(2, module.Invocations["draw"].Count);
    }

    [Fact]
    public async Task A_clicked_point_is_reported_with_its_validation_index()
    {
        var selected = new List<int>();
        var cut = context.Render<ManifoldScatter>(p => p
            .Add(c => c.Space, space)
            .Add(c => c.Grid, Grid(x: 0, y: 1))
            .Add(c => c.MaxPoints, 1_000)
            .Add(c => c.PointSelected, EventCallback.Factory.Create<int>(this, selected.Add)));

        await cut.InvokeAsync(() => cut.Instance.OnPointClicked(999));
        await cut.InvokeAsync(() => cut.Instance.OnPointClicked(1_000)); // not drawn: ignored
        await cut.InvokeAsync(() => cut.Instance.OnPointClicked(-1));

        Assert.Equal([999], selected);
    }

    [Fact]
    public async Task Leaving_the_page_frees_the_chart_in_the_browser()
    {
        context.Render<ManifoldScatter>(p => p.Add(c => c.Space, space).Add(c => c.Grid, Grid(x: 0, y: 1)));
        var drawnOn = Assert.IsType<ElementReference>(Assert.Single(module.Invocations["draw"]).Arguments[0]);

        await context.DisposeComponentsAsync();

        // The module's dispose purges what it drew on that element (Plotly's listeners and WebGL contexts).
        var dispose = Assert.Single(module.Invocations["dispose"]);
        Assert.Equal(drawnOn.Id, Assert.IsType<ElementReference>(dispose.Arguments[0]).Id);
    }

    [Fact]
    public void A_drawing_error_shows_a_warning_instead_of_ending_the_circuit()
    {
        module.SetupVoid("draw", _ => true).SetException(new JSException("WebGL is not available"));

        var cut = context.Render<ManifoldScatter>(p => p.Add(c => c.Space, space).Add(c => c.Grid, Grid(x: 0, y: 1)));

        cut.WaitForAssertion(() => Assert.Contains("WebGL is not available", cut.Find("[data-testid=scatter-error]").TextContent, StringComparison.Ordinal));
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private static ManifoldGrid Grid(int x, int y) =>
        ManifoldGrid.Layout(new double[Dimensions], x, y, ManifoldGrid.MinSize, (-2.5, 2.5), (-1.0, 3.0));

    /// <summary>Points in ten classes in a random 4-dimensional latent space.</summary>
    private static LatentSpace Space()
    {
        var random = new Random(5);
        var mu = new float[Points * Dimensions];
        for (var i = 0; i < mu.Length; i++)
        {
            mu[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var labels = new byte[Points];
        for (var i = 0; i < Points; i++)
        {
            labels[i] = (byte)random.Next(10);
        }

        return new LatentSpace(mu, new float[mu.Length], labels, Dimensions, [.. Enumerable.Range(0, 10).Select(c => $"class {c}")]);
    }
}
