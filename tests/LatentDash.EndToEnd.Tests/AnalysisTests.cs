using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The run comparison and the training curves in a real browser: each opens from an address, draws its table
/// and charts, follows a choice into the address, and the copied address reopens the same state.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class AnalysisTests(DashboardHost host)
{
    [Fact]
    public async Task The_comparison_opens_from_its_address_sorts_by_a_click_and_the_copied_address_reopens_it()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync($"{host.BaseUrl}/compare?run=e2e&metric=val_kl");
        await page.WaitForSelectorAsync("#grid-branched .main-svg");
        await Assertions.Expect(page.GetByTestId("cell-model")).ToHaveTextAsync([host.Model]);
        await Assertions.Expect(page.GetByTestId("sort-val_loss")).ToContainTextAsync("▲");
        // The chart's own PNG button is on the mode bar, always shown.
        await Assertions.Expect(page.Locator("#grid-branched .modebar-btn[data-title*='Download plot']")).ToHaveCountAsync(1);
        var z = await page.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('grid-branched').data[0].z)");
        Assert.NotEqual("[[null]]", z);

        // The address is written out in full (the dataset the address left open), then a sort is a new history entry.
        await page.WaitForFunctionAsync("() => location.search.includes('dataset=fashion')");
        await page.GetByTestId("sort-latent_dim").ClickAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('sort=latent_dim')");
        await Assertions.Expect(page.GetByTestId("sort-latent_dim")).ToContainTextAsync("▲");
        var address = page.Url;
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("sort-val_loss")).ToContainTextAsync("▲");
        Assert.DoesNotContain("sort=", page.Url, StringComparison.Ordinal);

        var second = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await second.GotoAsync(address);
        await second.WaitForSelectorAsync("#grid-branched .main-svg");
        await Assertions.Expect(second.GetByTestId("sort-latent_dim")).ToContainTextAsync("▲");
        await Assertions.Expect(second.GetByTestId("cell-model")).ToHaveTextAsync([host.Model]);
        Assert.Equal(z, await second.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('grid-branched').data[0].z)"));
        Assert.Equal(address, second.Url);
        await second.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_curves_open_from_the_comparison_switch_to_log_scale_and_the_copied_address_reopens_them()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync($"{host.BaseUrl}/compare?run=e2e");
        await page.WaitForSelectorAsync("#grid-branched .main-svg");
        await page.GetByTestId("open-curves").ClickAsync();
        await page.WaitForSelectorAsync("#curve-kl .main-svg");
        Assert.Contains($"model={host.Model}", page.Url, StringComparison.Ordinal);

        // Train and validation per quantity; the fixture model ran 2 epochs.
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('curve-kl').data.length"));
        Assert.Equal("[1,2]", await page.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('curve-accuracy').data[1].x)"));
        await page.WaitForSelectorAsync("#curve-learning_rate .main-svg");

        await page.GetByTestId("curves-log").ClickAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('scale=log')");
        await page.WaitForFunctionAsync("() => document.getElementById('curve-kl')?.layout?.yaxis?.type === 'log'");
        var y = await page.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('curve-kl').data.map(t => t.y))");
        var address = page.Url;

        // Plotly's camera button saves the chart as a PNG named after it.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("#curve-kl .modebar-btn[data-title*='Download plot']").ClickAsync());
        Assert.Equal("curve-kl.png", download.SuggestedFilename);

        var second = await host.Browser.NewPageAsync();
        await second.GotoAsync(address);
        await second.WaitForFunctionAsync("() => document.getElementById('curve-kl')?.layout?.yaxis?.type === 'log'");
        Assert.Equal(y, await second.EvaluateAsync<string>("() => JSON.stringify(document.getElementById('curve-kl').data.map(t => t.y))"));
        await Assertions.Expect(second.GetByTestId("curves-models")).ToHaveValueAsync(host.Model);
        await second.CloseAsync();
        await page.CloseAsync();
    }
}
