using System.Runtime.InteropServices;
using Bunit;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Explorer;

/// <summary>The splom hands its points to its JS module in one call (Float32 bytes and label bytes), moves the marker
/// through the module alone, and reports clicks with the validation index.</summary>
public sealed class LatentSplomTests : IAsyncLifetime, IAsyncDisposable
{
    private const int Points = 10_000;
    private readonly BunitContext context = new();
    private readonly BunitJSModuleInterop module;

    public LatentSplomTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        module = context.JSInterop.SetupModule(LatentSplom.ModulePath);
    }

    [Fact]
    public void Every_point_goes_to_the_module_as_float32_bytes_with_its_label()
    {
        var space = Space(components: 3);

        context.Render<LatentSplom>(p => p.Add(c => c.Space, space));

        var draw = Assert.Single(module.Invocations["draw"]);
        var coordinates = Assert.IsType<byte[]>(draw.Arguments[2]);
        var labels = Assert.IsType<byte[]>(draw.Arguments[3]);
        Assert.Equal(Points * 3 * sizeof(float), coordinates.Length);
        Assert.Equal(space.Coordinates, MemoryMarshal.Cast<byte, float>(coordinates).ToArray());
        Assert.Equal(space.Labels, labels);
    }

    [Fact]
    public void Max_points_draws_the_first_points_only()
    {
        var space = Space(components: 2);

        context.Render<LatentSplom>(p => p.Add(c => c.Space, space).Add(c => c.MaxPoints, 4000));

        var draw = Assert.Single(module.Invocations["draw"]);
        Assert.Equal(space.Coordinates.AsSpan(0, 4000 * 2).ToArray(), MemoryMarshal.Cast<byte, float>((byte[])draw.Arguments[2]!).ToArray());
        Assert.Equal(space.Labels.AsSpan(0, 4000).ToArray(), (byte[])draw.Arguments[3]!);
    }

    [Fact]
    public void A_new_current_point_moves_the_marker_without_redrawing_the_points()
    {
        var space = Space(components: 4);
        var cut = context.Render<LatentSplom>(p => p.Add(c => c.Space, space).Add(c => c.Current, [0.0, 0.0, 0.0, 0.0]));

        Assert.Equal("0 0 0 0", cut.Find("#latent-splom").GetAttribute("data-current"));

        cut.Render(p => p.Add(c => c.Current, [0.5, -1.0, 0.25, 2.0]));
        cut.Render(p => p.Add(c => c.Current, [0.75, -1.0, 1e-7, 2.0]));

        // The marker is the element's attribute, which the module watches: no JS call per move.
        Assert.Single(module.Invocations["draw"]);
        Assert.Empty(module.Invocations["move"]);
        Assert.Equal("0.75 -1 1E-07 2", cut.Find("#latent-splom").GetAttribute("data-current"));

        cut.Render(p => p.Add(c => c.Current, (IReadOnlyList<double>?)null));

        Assert.False(cut.Find("#latent-splom").HasAttribute("data-current"));
    }

    [Fact]
    public void A_render_with_the_same_space_and_point_sends_nothing()
    {
        var space = Space(components: 2);
        IReadOnlyList<double> current = [1.0, 2.0];
        var cut = context.Render<LatentSplom>(p => p.Add(c => c.Space, space).Add(c => c.Current, current));

        cut.Render(p => p.Add(c => c.Space, space).Add(c => c.Current, current));

        Assert.Single(module.Invocations["draw"]);
        Assert.Empty(module.Invocations["move"]);
    }

    [Fact]
    public void A_new_space_redraws_the_points()
    {
        var cut = context.Render<LatentSplom>(p => p.Add(c => c.Space, Space(components: 2)));

        cut.Render(p => p.Add(c => c.Space, Space(components: 3)));

        Assert.Equal(2, module.Invocations["draw"].Count);
        Assert.Equal(Points * 3 * sizeof(float), ((byte[])module.Invocations["draw"][1].Arguments[2]!).Length);
    }

    [Fact]
    public async Task A_clicked_point_is_reported_with_its_validation_index()
    {
        var selected = new List<int>();
        var cut = context.Render<LatentSplom>(p => p
            .Add(c => c.Space, Space(components: 2))
            .Add(c => c.MaxPoints, 5000)
            .Add(c => c.PointSelected, EventCallback.Factory.Create<int>(this, selected.Add)));

        await cut.InvokeAsync(() => cut.Instance.OnPointClicked(4321));
        await cut.InvokeAsync(() => cut.Instance.OnPointClicked(5000)); // not drawn: ignored
        await cut.InvokeAsync(() => cut.Instance.OnPointClicked(-1));

        Assert.Equal([4321], selected);
    }

    [Fact]
    public void A_drawing_error_shows_a_warning_instead_of_ending_the_circuit()
    {
        module.SetupVoid("draw", _ => true).SetException(new JSException("WebGL is not available"));

        var cut = context.Render<LatentSplom>(p => p.Add(c => c.Space, Space(components: 2)));

        cut.WaitForAssertion(() => Assert.Contains("WebGL is not available", cut.Find("[data-testid=splom-error]").TextContent, StringComparison.Ordinal));
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => context.DisposeAsync();

    /// <summary>10,000 points in ten classes on the raw axes of a random latent space.</summary>
    private static ProjectedSpace Space(int components)
    {
        const int dimensions = 4;
        var random = new Random(11);
        var mu = new float[Points * dimensions];
        for (var i = 0; i < mu.Length; i++)
        {
            mu[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var labels = new byte[Points];
        for (var i = 0; i < Points; i++)
        {
            labels[i] = (byte)random.Next(10);
        }

        var space = new LatentSpace(mu, new float[mu.Length], labels, dimensions, [.. Enumerable.Range(0, 10).Select(c => $"class {c}")]);
        return ProjectedSpace.Create(space, RawProjection.Fit(space), components);
    }
}
