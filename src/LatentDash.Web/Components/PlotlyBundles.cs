namespace LatentDash.Web.Components;

/// <summary>Which plotly.js bundle each chart draws with. The splom and the manifold's scatter load the gl2d bundle
/// through their own modules (wwwroot/js); Plotly.Blazor's charts ask for the library's full or basic bundle by fixed
/// addresses.</summary>
/// <remarks>The full bundle (4.9 MB, every trace type plotly.js has) held the page's main thread 0.5–0.8 s at every
/// open of a view with a heatmap, also from the browser's caches. Every chart the dashboard draws through Plotly.Blazor
/// is of a cartesian trace type (heatmaps, bars, lines: <see cref="CartesianTraces"/>), so its request for the full
/// bundle is answered with plotly.js's cartesian bundle of the same version (wwwroot/lib/plotly-cartesian, 1.4 MB).</remarks>
public static class PlotlyBundles
{
    /// <summary>Where Plotly.Blazor's charts load plotly.js's full bundle from.</summary>
    public const string FullBundlePath = "/_content/Plotly.Blazor/plotly-3.7.0.min.js";

    /// <summary>The cartesian bundle served in its place.</summary>
    public const string CartesianBundlePath = "/lib/plotly-cartesian/plotly-cartesian-3.7.0.min.js";

    /// <summary>Plotly.Blazor's trace classes of the trace types the cartesian bundle holds.</summary>
    public static readonly IReadOnlySet<string> CartesianTraces = new HashSet<string>(StringComparer.Ordinal)
    {
        "Bar", "Box", "Contour", "HeatMap", "Histogram", "Histogram2d", "Histogram2dContour", "Image", "Pie", "Scatter",
        "ScatterTernary", "Violin",
    };

    /// <summary>Answers the request for Plotly.Blazor's full bundle with the cartesian one (its own caching headers and
    /// compressed forms); before routing, which then finds the cartesian file's endpoint.</summary>
    public static IApplicationBuilder UseCartesianBundle(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            if (context.Request.Path.Equals(FullBundlePath, StringComparison.Ordinal))
            {
                context.Request.Path = CartesianBundlePath;
            }

            return next(context);
        });
    }
}
