using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LatentDash.Models.Latent;
using LatentDash.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Web.Tests.Explorer;

[Collection(nameof(AppUsers))]
public sealed class ExplorerPageHttpTests
{
    [Fact]
    public async Task With_no_experiments_the_page_offers_the_demo_and_reports_bad_parameters()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/?k=zero");

        Assert.Contains("No trained models yet", html, StringComparison.Ordinal);
        Assert.Contains("Train demo models", html, StringComparison.Ordinal);
        Assert.Contains("k &#x27;zero&#x27; must be an integer", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prerendering_a_model_shows_a_loading_state_and_starts_its_load_without_borrowing_it()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<ExplorableModelCache>();

        var response = await client.GetAsync($"/?run={ExplorerModels.Run}&model={ExplorerModels.Branched}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"model-loading\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("latent-splom", html, StringComparison.Ordinal);
        // The load runs while the browser fetches the page's scripts; the circuit that connects next joins it.
        Assert.Equal((1, 1, 0), (cache.Count, cache.Statistics.LoadsStarted, cache.Statistics.Leases));
        for (var i = 0; i < 500 && cache.Statistics.Alive == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, cache.Statistics.Alive);
        await client.GetStringAsync($"/?run={ExplorerModels.Run}&model={ExplorerModels.Branched}");
        Assert.Equal((1, 0), (cache.Statistics.LoadsStarted, cache.Statistics.Leases));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("&density=val", false)] // the density chart loads its own bundle (the cartesian one, at the full bundle's address)
    public async Task A_prerendered_page_that_will_draw_a_splom_has_the_browser_load_plotly_js_once_its_circuit_is_up(string query, bool preload)
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync($"/?run={ExplorerModels.Run}&model={ExplorerModels.Branched}{query}");

        // blazor.web.js runs the app's JavaScript initializer, named in the page, and its afterServerStarted hook
        // imports js/splom.js and calls its preload() when the page holds the marker.
        Assert.Equal(preload, html.Contains("data-splom-preload", StringComparison.Ordinal));
        var initializers = Regex.Match(html, "<!--Blazor-Web-Initializers:([A-Za-z0-9+/=]+)-->");
        Assert.True(initializers.Success, "the page names its JavaScript initializers");
        var initializer = Assert.Single(
            JsonSerializer.Deserialize<string[]>(Convert.FromBase64String(initializers.Groups[1].Value))!,
            name => name.StartsWith("LatentDash.Web.", StringComparison.Ordinal));
        var script = await client.GetStringAsync("/" + initializer);
        Assert.Contains("export function afterServerStarted()", script, StringComparison.Ordinal);
        Assert.Contains("[data-splom-preload]", script, StringComparison.Ordinal);
        Assert.Contains("import('./js/splom.js')", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExplorerModels.Conditioned, "cond=99", "cond 99 is not a class of this model (0..9)")]
    [InlineData(ExplorerModels.Conditioned, "cond=10", "cond 10 is not a class of this model (0..9)")]
    [InlineData(ExplorerModels.Branched, "cond=3", "cond 3 is ignored: this model&#x27;s decoder is not conditioned")]
    [InlineData(ExplorerModels.Conditioned, "k=9", "k 9 does not fit this model&#x27;s 2 latent dimensions; showing 2")]
    [InlineData(ExplorerModels.Branched, "k=2&z=1,2,3", "z has 3 values but 2 components are shown")]
    [InlineData(ExplorerModels.Branched, "z=1,NaN,2", "z value &#x27;NaN&#x27; is not a finite number")]
    [InlineData(ExplorerModels.Branched, "z=1e300,0,0", "z value &#x27;1e300&#x27; is beyond")]
    public async Task A_value_that_does_not_fit_the_model_is_a_message_on_the_page(string model, string query, string message)
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var response = await client.GetAsync($"/?dataset=fashion&run={ExplorerModels.Run}&model={model}&{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"url-error\"", html, StringComparison.Ordinal);
    }
}
