using Bunit;
using LatentDash.Web.Components;

namespace LatentDash.Web.Tests.Components;

/// <summary>
/// A page closed while its chart still loads plotly.js: the browser never answers the chart's calls again. The circuit
/// disposes every component through <see cref="IAsyncDisposable"/> and waits for all of them before it lets the page's
/// disconnect beacon finish; a chart's dispose must not wait for the browser.
/// </summary>
public sealed class DetachingPlotlyChartTests
{
    private const string InteropModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Disposing_a_chart_whose_first_draw_never_returns_finishes_at_once()
    {
        using var context = ClosedPage();
        var chart = context.Render<DetachingPlotlyChart>(p => p.Add(c => c.Id, "pending")).Instance;

        var disposal = ((IAsyncDisposable)chart).DisposeAsync();

        Assert.True(disposal.IsCompletedSuccessfully);
        // The library's own clean-up still waits for the browser, in the background.
        Assert.NotNull(chart.LibraryDisposal);
        Assert.False(chart.LibraryDisposal!.IsCompleted);
    }

    [Fact]
    public async Task A_chart_whose_page_is_alive_is_purged_when_it_is_disposed()
    {
        await using var live = new BunitContext();
        live.JSInterop.Mode = JSRuntimeMode.Strict;
        var module = live.JSInterop.SetupModule(InteropModule);
        module.SetupVoid("importScript", _ => true).SetVoidResult();
        module.SetupVoid("newPlot", _ => true).SetVoidResult();
        var purge = module.SetupVoid("purge", _ => true);
        purge.SetVoidResult();
        var chart = live.Render<DetachingPlotlyChart>(p => p.Add(c => c.Id, "alive")).Instance;

        await ((IAsyncDisposable)chart).DisposeAsync();
        await ((IAsyncDisposable)chart).DisposeAsync();

        await chart.LibraryDisposal!.WaitAsync(Patience);
        Assert.Equal("alive", purge.Invocations.Single().Arguments[0]);
    }

    /// <summary>A page whose plotly.js is still loading when it goes away: that call is never answered.</summary>
    private static BunitContext ClosedPage()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Strict;
        context.JSInterop.SetupModule(InteropModule).SetupVoid("importScript", _ => true);
        return context;
    }
}
