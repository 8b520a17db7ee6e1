using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>What a person does to train a model from the browser: fill the form (and be told what is wrong), submit,
/// watch the training reach 100 % on the Trainings page, and open the new model in the explorer.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class TrainingTests(DashboardHost host)
{
    private static readonly Regex SubmissionAddress = new(@"/trainings\?submission=");

    [Fact]
    public async Task Fill_the_form_watch_the_training_finish_and_open_the_model_in_the_explorer()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/train");
        await Assertions.Expect(page.GetByTestId("model-count")).ToContainTextAsync("1 model will be trained");
        await Assertions.Expect(page.GetByTestId("submit")).ToBeEnabledAsync(); // interactive: the circuit is up

        await page.GetByTestId("run").FillAsync("e2e-form");
        await page.GetByTestId("betas").FillAsync("0");
        await page.GetByTestId("latent-dims").FillAsync("2, 3");
        await page.GetByTestId("epochs").FillAsync("2");
        await page.GetByTestId("batch-size").FillAsync("64");
        await page.GetByTestId("early-stopping").UncheckAsync();
        await page.GetByTestId("submit").ClickAsync();

        // The bad beta is named beside its field and nothing is queued; the count follows the lists.
        await Assertions.Expect(page.GetByText("beta must be finite and > 0, got 0")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("model-count")).ToContainTextAsync("2 models will be trained");
        Assert.EndsWith("/train", page.Url, StringComparison.Ordinal);

        await page.GetByTestId("betas").FillAsync("4");
        await page.GetByTestId("betas").PressAsync("Tab");
        await page.GetByTestId("latent-dims").FillAsync("2");
        await page.GetByTestId("latent-dims").PressAsync("Tab");
        // The server has both values once the message is gone and the count follows: only then submit (on a busy
        // machine a render could otherwise cross the typing).
        await Assertions.Expect(page.GetByText("beta must be finite and > 0, got 0")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("model-count")).ToContainTextAsync("1 model will be trained");

        // The submission validates, queues and writes its record before it navigates: patient on a busy machine. Should
        // it not navigate, the failure says where the page is and what it shows, whether its renderer crashed and what
        // its console said last (seen once in CI, where the old message's read of "form, main" timed out first and hid
        // the address: the Trainings page has neither).
        var crashed = false;
        var console = new List<string>();
        page.Crash += (_, _) => crashed = true;
        page.Console += (_, message) =>
        {
            lock (console)
            {
                console.Add($"{message.Type}: {message.Text}");
            }
        };
        await page.GetByTestId("submit").ClickAsync();
        try
        {
            // The address is what counts here, polled: the page's content is awaited below, each part with its own patience.
            // Not WaitForURLAsync: it compares the address once, then listens for the next navigation, and a navigation
            // the client handles between the two (its events arrive on another thread) is never seen. CI timed out
            // that way twice in 90 s with the page showing the Trainings page at /trainings?submission=… and no
            // navigation in the waiter's log.
            await Assertions.Expect(page).ToHaveURLAsync(SubmissionAddress, new PageAssertionsToHaveURLOptions { Timeout = 90_000 });
        }
        catch (Exception timeout) when (timeout is PlaywrightException or TimeoutException)
        {
            string shown;
            try
            {
                shown = await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
                shown = shown.Length > 600 ? shown[..600] + "…" : shown;
            }
            catch (TimeoutException)
            {
                shown = "(the page did not answer within 5 s)";
            }

            string last;
            lock (console)
            {
                last = string.Join(" | ", console.TakeLast(10));
            }

            throw new TimeoutException($"no navigation after the submit; still at {page.Url}, renderer crashed: {crashed}, showing: {shown}; console: {last}", timeout);
        }
        await Assertions.Expect(page.GetByTestId("trainings-summary")).ToContainTextAsync("in all");
        var row = page.Locator("tr").Filter(new LocatorFilterOptions { HasText = "e2e-form" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("percent")).ToHaveTextAsync("100 %", new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
        // After its last epoch the job still saves the model (its folder, its latents) before it
        // succeeds: seconds, and more on a busy machine (under two CPU hogs this took over the default 5 s in 3 of 4 runs).
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("succeeded", new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("epoch-table")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#run-curves .main-svg").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        // Lines only: plotly.js's basic bundle, whose evaluation blocks the page for a fraction of the full one's.
        Assert.EndsWith("plotly-basic-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        var model = await row.GetByTestId("model-name").InnerTextAsync();

        await row.GetByTestId("explore").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]model=" + Regex.Escape(model)));
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        await Assertions.Expect(page.GetByText(model).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("hyperparameters")).ToContainTextAsync("branched");
        await page.CloseAsync();
    }
}
