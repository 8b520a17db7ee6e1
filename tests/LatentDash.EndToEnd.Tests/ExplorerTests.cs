using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>What a person does on the explorer, in a real browser.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class ExplorerTests(DashboardHost host)
{
    [Fact]
    public async Task Click_a_point_move_a_slider_and_reopen_the_copied_url_for_the_same_image()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        await Assertions.Expect(page.GetByTestId("hyperparameters")).ToContainTextAsync("branched");
        await Assertions.Expect(page.GetByText(host.Model).First).ToBeVisibleAsync();

        // Click the first point of the first class in the PC1 × PC2 panel, at the pixel Plotly itself draws it.
        var (x, y) = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        var decoded = page.GetByTestId("decoded-image");
        await Assertions.Expect(decoded).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("input-image")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("class-probabilities")).ToBeVisibleAsync();
        Assert.Contains("sample=", page.Url, StringComparison.Ordinal);
        var before = await decoded.GetAttributeAsync("src");
        var clickedAddress = page.Url;

        await page.GetByTestId("slider-0").FocusAsync();
        for (var i = 0; i < 30; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        await Assertions.Expect(decoded).Not.ToHaveAttributeAsync("src", before!);
        // The address follows once the drag pauses; on a busy machine it may pause more than once, so wait until the
        // address and the image have both stopped changing.
        await page.WaitForFunctionAsync("a => location.href !== a", clickedAddress);
        string address, after;
        do
        {
            address = page.Url;
            after = (await decoded.GetAttributeAsync("src"))!;
            await page.WaitForTimeoutAsync(1000);
        }
        while (address != page.Url || after != await decoded.GetAttributeAsync("src"));

        // LATENTDASH_SCREENSHOT=<file.png> keeps a picture of the explorer with a model loaded, for a human to look at.
        if (Environment.GetEnvironmentVariable("LATENTDASH_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }

        var second = await host.Browser.NewPageAsync();
        await second.GotoAsync(address);
        await second.WaitForSelectorAsync("#latent-splom .main-svg");
        await Assertions.Expect(second.GetByTestId("decoded-image")).ToHaveAttributeAsync("src", after);
        await Assertions.Expect(second.GetByTestId("slider-0")).ToHaveValueAsync(await page.GetByTestId("slider-0").InputValueAsync());
        await second.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task Switching_to_raw_dimensions_redraws_the_splom_on_the_latent_axes()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        Assert.StartsWith("PCA of the latent means", await SplomTitle(page), StringComparison.Ordinal);

        await page.GetByTestId("projection-toggle").GetByText("Raw dimensions").ClickAsync();

        await page.WaitForFunctionAsync("() => document.getElementById('latent-splom').layout.title.text.startsWith('Latent means on their raw dimensions')");
        Assert.Equal("z1", await page.EvaluateAsync<string>("() => document.getElementById('latent-splom').data[0].dimensions[0].label"));
        Assert.Contains("proj=raw", page.Url, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_malformed_address_shows_a_message_on_the_page_not_an_error_page()
    {
        var page = await host.Browser.NewPageAsync();
        var response = await page.GotoAsync(host.BaseUrl + "/?run=..%2Fetc&k=zero&proj=pca3d");

        Assert.Equal(200, response!.Status);
        var errors = page.GetByTestId("url-error");
        await Assertions.Expect(errors).ToHaveCountAsync(3);
        await Assertions.Expect(errors.First).ToContainTextAsync("not allowed");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Values_that_do_not_fit_the_model_show_messages_and_the_explorer_still_works()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var response = await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}&k=9&sample=99999&cond=3");

        Assert.Equal(200, response!.Status);
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        var errors = page.GetByTestId("url-error");
        await Assertions.Expect(errors).ToHaveCountAsync(3);
        await Assertions.Expect(errors.Nth(0)).ToContainTextAsync("k 9 does not fit this model's 4 latent dimensions");
        await Assertions.Expect(errors.Nth(1)).ToContainTextAsync("cond 3 is ignored");
        await Assertions.Expect(errors.Nth(2)).ToContainTextAsync("sample 99999 is beyond");
        await Assertions.Expect(page.GetByTestId("click-hint")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("components-slider")).ToHaveValueAsync("4");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Two_components_draw_a_clickable_scatter_plot_without_ending_the_circuit()
    {
        // Plotly threw on a splom of two dimensions with only its lower half shown, and the circuit was terminated.
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                pageErrors.Add(message.Text);
            }
        };
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}&k=2");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        await page.WaitForFunctionAsync("() => document.getElementById('latent-splom')._fullLayout?.yaxis2 !== undefined");

        var (x, y) = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);

        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("splom-error")).ToHaveCountAsync(0);
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('latent-splom').data[0].dimensions.length"));
        Assert.DoesNotContain(pageErrors, e => e.Contains("makeCalcdata", StringComparison.Ordinal) || e.Contains("circuit", StringComparison.OrdinalIgnoreCase));
        await page.CloseAsync();
    }

    private static Task<string> SplomTitle(IPage page) =>
        page.EvaluateAsync<string>("() => document.getElementById('latent-splom').layout.title.text");
}
