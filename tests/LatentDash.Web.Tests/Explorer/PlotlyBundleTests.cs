using System.Net;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using LatentDash.Web.Components;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Explorer;

/// <summary>The splom's plotly.js bundle, as the dashboard serves it: plotly.js's gl2d partial bundle (rebuilt by
/// build/plotly-gl2d/build.sh with today's dependencies, without node's assert polyfill) with regl's code
/// hash and WebGL multisampling turned off (lib/plotly-gl2d/README.md). regl hashes the source of every draw command it
/// generates (SHA-256 in JavaScript) to look it up among plotly.js's precompiled ones; in headless Chromium that took a
/// quarter of the splom's first draw. Without it, regl compiles the same source with new Function, which the page's
/// policy allows. The file opens with V8's compile hint, so that a first visit compiles its functions while it
/// downloads, off the page's main thread.</summary>
[Collection(nameof(AppUsers))]
public sealed class PlotlyBundleTests
{
    // regl's codegen environment (once in the bundle as built), as built and as served.
    private const string Hashing = "function i1(H){var we=H&&H.cache,";
    private const string NotHashing = "function i1(H){var we=null,";

    // As js/splom.js loads it (its plotlyScript).
    private const string Bundle = "/lib/plotly-gl2d/plotly-gl2d-3.7.0.min.js";

    [Fact]
    public async Task The_served_gl2d_bundle_generates_regl_code_without_hashing_it()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Bundle);
        var bundle = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("3.7.0", bundle, StringComparison.Ordinal);
        Assert.Equal(1, Count(bundle, NotHashing));
        Assert.Equal(0, Count(bundle, Hashing));
        Assert.Equal(0, Count(bundle, "H.cache"));
    }

    [Fact]
    public async Task The_served_gl2d_bundle_carries_no_node_assert_polyfill()
    {
        var bundle = await ServedBundleAsync();

        // The published gl2d bundle was built with svg-path-bounds 1.0.1, which pulls in node's assert and util
        // polyfills (deepStrictEqual, AssertionError): in a fresh page it ran in about twice the time of this build.
        Assert.StartsWith("//# allFunctionsCalledOnLoad\n/**\n* plotly.js (gl2d - minified) v3.7.0", bundle, StringComparison.Ordinal);
        Assert.Equal(0, Count(bundle, "deepStrictEqual"));
        Assert.Equal(0, Count(bundle, "AssertionError"));
    }

    [Fact]
    public async Task The_served_gl2d_bundle_asks_for_webgl_contexts_without_multisampling()
    {
        var bundle = await ServedBundleAsync();

        // plotly.js's one request for its canvases' contexts, as published (only the picking canvas without) and as served.
        Assert.Equal(1, Count(bundle, "attributes:{antialias:!1,preserveDrawingBuffer:!0}"));
        Assert.Equal(0, Count(bundle, "antialias:!o.pick"));
        Assert.Equal(1, Count(bundle, "antialias:"));
    }

    [Fact]
    public async Task The_served_gl2d_bundle_opens_with_the_compile_hint_for_all_its_functions()
    {
        var bundle = await ServedBundleAsync();

        // V8 reads the magic comment only as the file's first line; plotly.js's own licence comment follows it.
        var lines = bundle.Split('\n', 3);
        Assert.Equal("//# allFunctionsCalledOnLoad", lines[0]);
        Assert.Equal("/**", lines[1]);
        Assert.Equal(1, Count(bundle, "allFunctionsCalledOnLoad"));
    }

    [Fact]
    public async Task The_full_bundles_address_serves_the_cartesian_bundle_with_its_compile_hint()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var full = await client.GetAsync(PlotlyBundles.FullBundlePath);
        var served = await full.Content.ReadAsStringAsync();
        var cartesian = await client.GetStringAsync(PlotlyBundles.CartesianBundlePath);

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("text/javascript", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cartesian, served);
        var lines = served.Split('\n', 4);
        Assert.Equal("//# allFunctionsCalledOnLoad", lines[0]);
        Assert.Equal("* plotly.js (cartesian - minified) v3.7.0", lines[2]);
        // Rebuilt as the gl2d bundle is, without node's assert polyfill (build/plotly-gl2d/build.sh).
        Assert.Equal(0, Count(served, "deepStrictEqual"));
        Assert.Equal(0, Count(served, "AssertionError"));
        // The basic bundle (the curves' lines, the counterfactual's bars) is the library's own.
        var basic = await client.GetStringAsync("/_content/Plotly.Blazor/plotly-basic-3.7.0.min.js");
        Assert.Contains("plotly.js (basic - minified) v3.7.0", basic[..300], StringComparison.Ordinal);
    }

    [Fact]
    public void The_dashboards_plotly_blazor_charts_use_only_trace_types_of_the_cartesian_bundle()
    {
        // Every Plotly.Blazor trace class the dashboard's code refers to (its assembly's type references): a chart of
        // another type (scattergl, a 3-D or map trace) would find no such type in the bundle it is served.
        using var stream = File.OpenRead(typeof(PlotlyBundles).Assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var traces = metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Where(reference => metadata.GetString(reference.Namespace) == "Plotly.Blazor.Traces")
            .Select(reference => metadata.GetString(reference.Name))
            .Where(name => typeof(Plotly.Blazor.ITrace).Assembly.GetType($"Plotly.Blazor.Traces.{name}") is { } type && typeof(Plotly.Blazor.ITrace).IsAssignableFrom(type))
            .ToHashSet();

        Assert.Superset(new HashSet<string> { "Scatter", "Bar", "HeatMap" }, traces);
        Assert.Subset(new HashSet<string>(PlotlyBundles.CartesianTraces), traces);
    }

    [Fact]
    public async Task The_policy_lets_regl_compile_its_code()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/");

        var policy = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("'unsafe-eval'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>The gl2d bundle as the dashboard serves it.</summary>
    private static async Task<string> ServedBundleAsync()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();
        return await client.GetStringAsync(Bundle);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
