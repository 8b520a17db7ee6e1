using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The sensitivity and counterfactual pages opened from a copied address, computed in the background, and
/// reopened from the model's analysis cache.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class SensitivityTests(DashboardHost host)
{
    // The computations run on a background queue on two shared cores: give them time.
    private static readonly PageWaitForSelectorOptions Computed = new() { Timeout = 240_000 };

    [Fact]
    public async Task Sensitivity_from_a_copied_url_draws_bars_and_heat_maps_and_reopens_from_the_cache()
    {
        var address = $"{host.BaseUrl}/sensitivity?run=e2e&model={host.Model}&n=64&dist=prior&seed=3";
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync(address);

        await page.WaitForSelectorAsync("#sobol-bars .main-svg", Computed);
        await page.WaitForSelectorAsync("#sobol-heatmaps .main-svg", Computed);
        await page.WaitForSelectorAsync("#sobol-class-map .main-svg", Computed);
        await Assertions.Expect(page.GetByTestId("sobol-summary")).ToContainTextAsync("N = 64 per block, 384 decodes");
        await Assertions.Expect(page.GetByTestId("model-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("url-error")).ToHaveCountAsync(0);
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('sobol-bars').data.length"));
        Assert.Equal(4, await page.EvaluateAsync<int>("() => document.getElementById('sobol-bars').data[1].y.length"));
        // One heat map trace holds the grid: the four dimensions' 28 × 28 maps side by side, one row.
        Assert.Equal(28, await page.EvaluateAsync<int>("() => document.getElementById('sobol-heatmaps').data[0].z.length"));
        var totals = await page.EvaluateAsync<double[]>("() => document.getElementById('sobol-bars').data[1].y");
        if (Environment.GetEnvironmentVariable("LATENTDASH_SCREENSHOT_SENSITIVITY") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }

        await page.CloseAsync();

        var again = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await again.GotoAsync(address);
        await again.WaitForSelectorAsync("#sobol-bars .main-svg", Computed);
        await Assertions.Expect(again.GetByTestId("from-cache")).ToBeVisibleAsync();
        Assert.Equal(totals, await again.EvaluateAsync<double[]>("() => document.getElementById('sobol-bars').data[1].y"));
        Assert.Equal(0, await again.GetByTestId("url-error").CountAsync());
        await again.CloseAsync();
    }

    [Fact]
    public async Task Counterfactual_from_a_copied_url_shows_the_strip_and_the_moved_dimensions_and_reopens_from_the_cache()
    {
        var address = $"{host.BaseUrl}/counterfactual?run=e2e&model={host.Model}&sample=0&target=1&p=0.5";
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync(address);

        await page.WaitForSelectorAsync("[data-testid=counterfactual-strip]", Computed);
        await page.WaitForSelectorAsync("#counterfactual-dims .main-svg", Computed);
        // Bars only: plotly.js's basic bundle, whose evaluation blocks the page for a fraction of the full one's.
        Assert.EndsWith("plotly-basic-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("strip-image")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByTestId("target-row")).ToContainTextAsync("Trouser");
        var summary = await page.GetByTestId("counterfactual-summary").InnerTextAsync();
        Assert.Contains("σ", summary, StringComparison.Ordinal);
        Assert.Equal(4, await page.EvaluateAsync<int>("() => document.getElementById('counterfactual-dims').data[0].y.length"));
        var firstImage = await page.GetByTestId("strip-image").Last.GetAttributeAsync("src");
        if (Environment.GetEnvironmentVariable("LATENTDASH_SCREENSHOT_COUNTERFACTUAL") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }

        await page.CloseAsync();

        var again = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await again.GotoAsync(address);
        await again.WaitForSelectorAsync("[data-testid=counterfactual-strip]", Computed);
        await Assertions.Expect(again.GetByTestId("from-cache")).ToBeVisibleAsync();
        Assert.Equal(summary, await again.GetByTestId("counterfactual-summary").InnerTextAsync());
        Assert.Equal(firstImage, await again.GetByTestId("strip-image").Last.GetAttributeAsync("src"));
        await again.CloseAsync();
    }
}
