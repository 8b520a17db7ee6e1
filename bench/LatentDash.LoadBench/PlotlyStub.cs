using Microsoft.Playwright;

namespace LatentDash.LoadBench;

/// <summary>Stands in for plotly.js in the pages, so that N pages on two cores measure the server (SignalR, render
/// diffs, decode, PNG) rather than Chromium drawing N WebGL scatter-plot matrices in software. Plotly.Blazor loads
/// plotly.js itself from its static web assets and calls window.Plotly only through its plotly-interop module; the stub
/// defines each function that module calls as a no-op returning a resolved promise, and gives the chart's element the
/// `on` that the module's event subscriptions call. The splom's traces still cross SignalR: only the drawing is gone.</summary>
internal static class PlotlyStub
{
    private const string Script = """
        (() => {
          const element = id => typeof id === 'string' ? document.getElementById(id) : id;
          const draw = (id, data, layout) => {
            const gd = element(id);
            if (gd) { gd.data = data; gd.layout = layout; gd.on = () => gd; gd.removeAllListeners = () => gd; }
            return Promise.resolve(gd);
          };
          const done = id => Promise.resolve(element(id));
          window.Plotly = {
            version: 'stub',
            newPlot: draw, react: draw,
            update: done, restyle: done, relayout: done, purge: done,
            addTraces: done, deleteTraces: done, extendTraces: done, prependTraces: done,
            toImage: () => Promise.resolve('data:,'), downloadImage: () => Promise.resolve(),
          };
        })();
        """;

    /// <summary>Answers every request for Plotly.Blazor's plotly.js bundles (full or basic, whatever the version or
    /// fingerprint) in this browser context with the stub; its own interop module is served as usual.</summary>
    public static Task InstallAsync(IBrowserContext context) =>
        context.RouteAsync(
            url => url.Contains("/_content/Plotly.Blazor/plotly-", StringComparison.Ordinal) && !url.Contains("plotly-interop", StringComparison.Ordinal),
            route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/javascript", Body = Script }));
}
