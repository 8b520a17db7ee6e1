using System.Diagnostics;
using Microsoft.Playwright;

namespace LatentDash.LoadBench;

/// <summary>One explorer page opened directly on a model and a sample, whose first slider is stepped with the arrow
/// keys at a fixed rate without waiting for the image; it collects what went wrong on the page as it happens.</summary>
internal sealed class BrowserSession(IBrowserContext context, IPage page, string address) : ILoadSession
{
    // Steps out and back over at most this many slider steps, on the side with room, so that every key press moves
    // the slider (a press at an end of the range would send nothing to the server).
    private const int MaxSwing = 40;

    private readonly Lock gate = new();
    private readonly List<string> consoleErrors = [];
    private readonly List<string> pageErrors = [];
    private int swing;
    private bool rightFirst;

    public IReadOnlyList<string> ConsoleErrors { get { lock (gate) { return [.. consoleErrors]; } } }

    public IReadOnlyList<string> PageErrors { get { lock (gate) { return [.. pageErrors]; } } }

    public IReadOnlyList<string> Errors => [.. PageErrors, .. ConsoleErrors];

    /// <summary>Blazor logs a circuit it ends after an unhandled exception as a console error; the page then stays
    /// frozen, with no reconnect UI.</summary>
    public bool CircuitLost => ConsoleErrors.Any(m => m.Contains("circuit will be terminated", StringComparison.Ordinal));

    /// <summary>Why the page could not be opened or driven, if it could not.</summary>
    public string? Failure { get; private set; }

    public TimeSpan OpenTime { get; private set; }

    /// <summary>Key presses sent.</summary>
    public int Sent { get; private set; }

    public static async Task<BrowserSession> CreateAsync(IBrowser browser, bool realSplom, string address)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        if (!realSplom)
        {
            await PlotlyStub.InstallAsync(context);
        }

        var session = new BrowserSession(context, await context.NewPageAsync(), address);
        session.Listen();
        return session;
    }

    private void Listen()
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (gate)
                {
                    consoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (gate)
            {
                pageErrors.Add(error);
            }
        };
        page.Crash += (_, _) =>
        {
            lock (gate)
            {
                pageErrors.Add("the page crashed");
            }
        };
    }

    /// <summary>Opens the page and waits until it is interactive: the prerendered page already shows the image and
    /// the sliders, so it is ready only once a key press on the first slider is answered by a decode. Then installs the
    /// probe and focuses the slider.</summary>
    public async Task OpenAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        float Left() => (float)Math.Max(1000, timeout.TotalMilliseconds - watch.ElapsedMilliseconds);
        try
        {
            await page.GotoAsync(address, new PageGotoOptions { Timeout = Left() });
            await page.WaitForSelectorAsync("[data-testid=decoded-image]", new PageWaitForSelectorOptions { Timeout = Left() });
            var slider = page.GetByTestId("slider-0");
            for (var attempt = 0; ; attempt++)
            {
                var before = await page.EvaluateAsync<string>(PageProbe.Decoded);
                await slider.FocusAsync(new LocatorFocusOptions { Timeout = Left() });
                await page.Keyboard.PressAsync(attempt % 2 == 0 ? "ArrowRight" : "ArrowLeft");
                try
                {
                    await page.WaitForFunctionAsync($"b => ({PageProbe.Decoded})() !== b", before,
                        new PageWaitForFunctionOptions { PollingInterval = 20, Timeout = Math.Min(3000, Left()) });
                    break;
                }
                catch (TimeoutException) when (watch.Elapsed < timeout)
                {
                    // Not interactive yet (or the press met an end of the range): press again.
                }
            }

            var geometry = await page.EvaluateAsync<double[]>(PageProbe.Install);
            var (value, min, max, step) = (geometry[0], geometry[1], geometry[2], geometry[3]);
            var up = (int)Math.Floor((max - value) / step);
            var down = (int)Math.Floor((value - min) / step);
            rightFirst = up >= down;
            swing = Math.Min(MaxSwing, Math.Max(up, down) - 1);
            if (swing < 1)
            {
                Failure = $"slider-0 has no room to move ({min}..{max} step {step})";
                return;
            }

            await slider.FocusAsync();
            OpenTime = watch.Elapsed;
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            Failure = $"{address} not interactive in {timeout.TotalSeconds:F0} s: {ex.Message.Split('\n')[0]}";
        }
    }

    /// <summary>Presses an arrow key every period until the duration is over, starting after the given delay.</summary>
    public async Task DriveAsync(TimeSpan period, TimeSpan delay, TimeSpan duration, TimeSpan warmup)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            await Task.Delay(delay);
            await page.EvaluateAsync(PageProbe.Start, warmup.TotalMilliseconds);
            using var timer = new PeriodicTimer(period);
            var watch = Stopwatch.StartNew();
            while (await timer.WaitForNextTickAsync() && watch.Elapsed < duration)
            {
                var outward = Sent / swing % 2 == 0;
                var key = outward == rightFirst ? "ArrowRight" : "ArrowLeft";
                await page.Keyboard.PressAsync(key);
                Sent++;
            }
        }
        catch (PlaywrightException ex)
        {
            Failure = $"stopped after {Sent} presses: {ex.Message.Split('\n')[0]}";
        }
    }

    /// <summary>Waits for pending steps and reads the page's figures; null if the page was lost or reloaded.</summary>
    public async Task<SessionFigures?> CollectAsync(TimeSpan wait)
    {
        if (Failure is not null)
        {
            return null;
        }

        try
        {
            var raw = await page.EvaluateAsync<double[]?>(PageProbe.Collect, wait.TotalMilliseconds);
            if (raw is null)
            {
                Failure = "the page was reloaded (its probe is gone)";
                return null;
            }

            return new SessionFigures((int)raw[0], (int)raw[1], (int)raw[2], (int)raw[3], raw[4..]);
        }
        catch (PlaywrightException ex)
        {
            Failure = $"not readable at the end: {ex.Message.Split('\n')[0]}";
            return null;
        }
    }

    public Task CloseAsync() => context.CloseAsync();
}
