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
}
