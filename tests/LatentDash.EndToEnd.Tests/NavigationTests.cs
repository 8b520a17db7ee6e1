using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The browser's history as a person uses it on the explorer.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class NavigationTests(DashboardHost host)
{
    [Fact]
    public async Task Back_undoes_a_selected_sample_then_a_projection_and_stays_on_the_dashboard()
    {
        // Every address change used to replace the history entry: after choosing raw axes and clicking a point, Back
        // left the dashboard.
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        var start = page.Url;

        await page.GetByTestId("projection-toggle").GetByText("Raw dimensions").ClickAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('proj=raw')");
        await page.WaitForFunctionAsync("() => document.getElementById('latent-splom').layout.title.text.startsWith('Latent means on their raw dimensions')");
        var (x, y) = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('sample=')");
        // The selected sample opens each analysis view in one click.
        await Assertions.Expect(page.GetByTestId("open-traversal")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/traversal\?dataset=.+&run=e2e&model=.+&sample=\d+$"));

        await page.GoBackAsync();

        await page.WaitForFunctionAsync("() => !location.search.includes('sample=')");
        Assert.Contains("proj=raw", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("click-hint")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToHaveCountAsync(0);

        await page.GoBackAsync();

        await page.WaitForFunctionAsync("() => document.getElementById('latent-splom').layout.title.text.startsWith('PCA of the latent means')");
        Assert.DoesNotContain("proj=raw", page.Url, StringComparison.Ordinal);
        Assert.StartsWith(host.BaseUrl, page.Url, StringComparison.Ordinal);

        await page.GoForwardAsync();

        await page.WaitForFunctionAsync("() => document.getElementById('latent-splom').layout.title.text.startsWith('Latent means on their raw dimensions')");
        Assert.NotEqual(start, page.Url);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_curves_draw_with_plotly_basic_bundle_and_Back_to_the_explorer_draws_its_splom_again()
    {
        // The splom draws with plotly.js's gl2d bundle; the curves page loads the basic bundle, which has no splom trace,
        // in its place: the splom must load its bundle again when the same page comes back to the explorer.
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/");
        var (x, y) = await Splom.FirstPointAsync(page);
        Assert.EndsWith("plotly-gl2d-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__samePage = true; }");

        await page.GetByTestId("open-curves").ClickAsync();
        await page.WaitForSelectorAsync("#curve-kl .main-svg");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('curve-kl').data.length"));
        Assert.EndsWith("plotly-basic-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);

        await page.GoBackAsync();

        await page.WaitForSelectorAsync("#latent-splom[data-clickable]");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "Back reloaded the page instead of navigating within it");
        Assert.Equal("splom", await page.EvaluateAsync<string>("() => document.getElementById('latent-splom')._fullData[0].type"));
        Assert.EndsWith("plotly-gl2d-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        (x, y) = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();
        await page.CloseAsync();
    }
}
