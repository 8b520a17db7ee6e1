using Plotly.Blazor;

namespace LatentDash.Web.Components;

/// <summary>
/// Plotly.Blazor's chart, except that disposing it never waits on the browser.
/// </summary>
/// <remarks>
/// <see cref="PlotlyChart"/>'s dispose awaits its JS module and the chart's pending calls before it purges the plot. A
/// page closed while its first draw is still loading plotly.js has nobody left to answer those calls, so the dispose
/// waited out the JS interop timeout (a minute) and, with it, the renderer's disposal of the whole circuit: the closed
/// page's <c>POST /_blazor/disconnect</c> beacon stayed unanswered and held one of the browser's six connections to the
/// host, so a few quick closes stalled the next page's load by 20 s. Here the library's dispose runs in the background:
/// the circuit goes down at once, and the chart's own clean-up finishes (or gives up) on its own.
/// </remarks>
public sealed class DetachingPlotlyChart : PlotlyChart, IAsyncDisposable, IDisposable
{
    private bool detached;

    /// <summary>The library's dispose, still running or finished (null before the first dispose); for tests.</summary>
    internal Task? LibraryDisposal { get; private set; }

    public new ValueTask DisposeAsync()
    {
        Detach();
        return ValueTask.CompletedTask;
    }

    public new void Dispose() => Detach();

    private void Detach()
    {
        if (detached)
        {
            return;
        }

        detached = true;
        LibraryDisposal = DisposeLibraryChartAsync();
    }

    private async Task DisposeLibraryChartAsync()
    {
        try
        {
            await base.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Microsoft.JSInterop.JSException or Microsoft.JSInterop.JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
        {
            // The page is gone or the call timed out: there is nothing left to purge.
        }
    }
}
