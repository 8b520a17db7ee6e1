using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The explorer's density view of the training points, in a real browser.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class DensityTests(DashboardHost host)
{
    private const string Heatmaps = "() => (document.getElementById('latent-density')?.data ?? []).filter(t => t.type === 'heatmap').length";

    [Fact]
    public async Task The_training_density_draws_its_panels_a_click_selects_a_sample_and_the_address_reproduces_it()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}&k=3&density=train");

        // The training images are encoded in the background, then three panels (PC2×PC1, PC3×PC1, PC3×PC2) are drawn.
        await page.WaitForFunctionAsync($"() => ({Heatmaps})() === 3", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        await page.WaitForSelectorAsync("#latent-density .main-svg .heatmaplayer image");
        await Assertions.Expect(page.GetByTestId("density-caption")).ToContainTextAsync("800 training images on the PCA axes fitted on the validation set");
        await Assertions.Expect(page.GetByTestId("url-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("splom")).ToHaveCountAsync(0);
        var bins = await page.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('latent-density').data.filter(t => t.type === 'heatmap').map(t => t.z))");

        // Click the first filled bin of the first panel: the validation image nearest its centre is selected.
        var (x, y) = await PixelOfFirstBin(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("input-image")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('sample=')");
        Assert.Contains("density=train", page.Url, StringComparison.Ordinal);
        var address = page.Url;
        var image = await page.GetByTestId("decoded-image").GetAttributeAsync("src");

        var second = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await second.GotoAsync(address);
        await second.WaitForFunctionAsync($"() => ({Heatmaps})() === 3", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Equal(bins, await second.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('latent-density').data.filter(t => t.type === 'heatmap').map(t => t.z))"));
        await Assertions.Expect(second.GetByTestId("decoded-image")).ToHaveAttributeAsync("src", image!);
        // The selected sample is marked on every panel.
        Assert.Equal(3, await second.EvaluateAsync<int>("() => document.getElementById('latent-density').data.filter(t => t.type === 'scatter' && t.x.length === 1).length"));
        await second.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_page_opened_on_the_density_view_draws_its_heatmaps_with_the_cartesian_bundle_and_then_the_splom_with_the_gl2d_one()
    {
        // The density view's charts are Plotly.Blazor's: they ask for plotly.js's full bundle, whose address serves the
        // cartesian one (heatmaps, no splom). The splom, chosen next, loads the gl2d bundle in its place.
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}&density=val");
        await page.WaitForFunctionAsync($"() => ({Heatmaps})() > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.EndsWith("plotly-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>(
            "() => (window.Plotly.validate([{ type: 'splom' }], {}) ?? []).some(p => p.astr === 'type')"), "the served bundle draws a splom: not the cartesian one");

        await page.GetByTestId("points-select").ClickAsync();
        await page.GetByText("scatter of validation points").ClickAsync();

        var (x, y) = await Splom.FirstPointAsync(page);
        Assert.EndsWith("plotly-gl2d-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();

        // And back to the density: its heatmaps draw again, on the cartesian bundle.
        await page.GetByTestId("points-select").ClickAsync();
        await page.GetByText("density of validation points").ClickAsync();
        await page.WaitForFunctionAsync($"() => ({Heatmaps})() > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.EndsWith("plotly-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Choosing_the_validation_density_in_the_page_puts_it_in_the_address()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");

        await page.GetByTestId("points-select").ClickAsync();
        await page.GetByText("density of validation points").ClickAsync();

        await page.WaitForFunctionAsync($"() => ({Heatmaps})() === 6");
        await page.WaitForFunctionAsync("() => location.search.includes('density=val')");
        await Assertions.Expect(page.GetByTestId("density-caption")).ToContainTextAsync("validation images");
        await page.CloseAsync();
    }

    private static async Task<(float X, float Y)> PixelOfFirstBin(IPage page)
    {
        var pixel = await page.EvaluateAsync<float[]>(@"() => {
            const chart = document.getElementById('latent-density');
            const panel = chart.data[0];
            const row = panel.z.findIndex(r => r.some(v => v !== null));
            const column = panel.z[row].findIndex(v => v !== null);
            const xaxis = chart._fullLayout.xaxis, yaxis = chart._fullLayout.yaxis;
            const box = chart.getBoundingClientRect();
            return [box.left + xaxis._offset + xaxis.l2p(panel.x[column]), box.top + yaxis._offset + yaxis.l2p(panel.y[row])];
        }");
        return (pixel[0], pixel[1]);
    }
}
