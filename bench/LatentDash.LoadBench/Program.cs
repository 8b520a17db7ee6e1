using System.Diagnostics;
using System.Globalization;
using LatentDash.LoadBench;
using Microsoft.Playwright;

// Load on the explorer: N pages (default 20) spread over M models, each opened on a model + sample URL and stepping
// its first slider at 10 Hz for 60 s, while one model trains in the same dashboard. By default plotly.js is replaced by
// a no-op stub (PlotlyStub) so the figure is the server's, not software WebGL's; --real-splom keeps the real one.
// bench/explorer-load.sh starts the dashboard, trains the models and queues the training; see README "Benchmarks".
// LOADBENCH_VERBOSE=1 lists every distinct failure and error message instead of the first three.
LoadSettings settings;
try
{
    settings = LoadSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadSettings.Usage);
    return 2;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var timeout = TimeSpan.FromSeconds(5);
await using var memory = settings.ServerPid is { } pid ? new ServerMemory(pid) : null;
await using var training = settings.Training is { } id ? new TrainingRate(settings.Url, id) : null;

// The training alone first, and the server's memory before any page.
await Task.Delay(TimeSpan.FromSeconds(settings.BaselineSeconds));
var alone = training?.Between(TimeSpan.Zero, training.Mark());
var rssBefore = memory?.Now();
memory?.TakePeak();

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

// Pages spread over the models round-robin, each on its own sample, each in its own context (its own connections),
// all opened at once (so the models load concurrently). range=global gives the slider its widest range: a step must
// change the 3-decimal caption that marks its answer, and a barely trained model's class ± std can be narrower.
var sessions = new List<ExplorerSession>();
for (var i = 0; i < settings.Pages; i++)
{
    var (run, model) = (settings.Models[i % settings.Models.Count].Split('/')[0], settings.Models[i % settings.Models.Count].Split('/')[1]);
    var sample = (i * 37) % settings.Samples;
    var address = new Uri(settings.Url, $"/?dataset={settings.Dataset}&run={Uri.EscapeDataString(run)}&model={Uri.EscapeDataString(model)}&sample={sample}&range=global").ToString();
    sessions.Add(await ExplorerSession.CreateAsync(browser, settings.RealSplom, address));
}

var opening = Stopwatch.StartNew();
await Task.WhenAll(sessions.Select(s => s.OpenAsync(TimeSpan.FromSeconds(180))));
var opened = opening.Elapsed;

var period = TimeSpan.FromSeconds(1.0 / settings.Hertz);
var warmup = TimeSpan.FromSeconds(1);
var driveFrom = training?.Mark();
await Task.WhenAll(sessions.Select((s, i) => s.DriveAsync(period, period * i / sessions.Count, TimeSpan.FromSeconds(settings.Seconds), warmup)));
var figures = await Task.WhenAll(sessions.Select(s => s.CollectAsync(timeout)));
var meanwhile = training is null ? default : training.Between(driveFrom!.Value, training.Mark());
var rssPeak = memory?.TakePeak();

await Task.WhenAll(sessions.Select(s => s.CloseAsync()));
await browser.CloseAsync();
await Task.Delay(TimeSpan.FromSeconds(settings.SettleSeconds));
var rssAfter = memory?.Now();

// The figures.
var measured = figures.OfType<SessionFigures>().ToList();
var latencies = measured.SelectMany(f => f.Latencies).Order().ToArray();
var steps = measured.Sum(f => f.Steps);
var slow = latencies.Count(l => l > timeout.TotalMilliseconds);
var unanswered = measured.Sum(f => f.Unanswered);
var consoleErrors = sessions.SelectMany(s => s.ConsoleErrors).ToList();
var pageErrors = sessions.SelectMany(s => s.PageErrors).ToList();
// Blazor logs a circuit it ends after an unhandled exception as a console error; the page then stays frozen, with no
// reconnect UI.
var terminated = consoleErrors.Count(m => m.Contains("circuit will be terminated", StringComparison.Ordinal));
var failures = sessions.Where(s => s.Failure is not null).Select(s => s.Failure!).ToList();
double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[(int)Math.Round(p / 100 * (latencies.Length - 1))];
string Mb(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("F0", CultureInfo.InvariantCulture) : "?";

var openTimes = sessions.Where(s => s.Failure is null).Select(s => s.OpenTime.TotalSeconds).Order().ToArray();
Console.WriteLine(
    $"load: {settings.Pages} page(s) ({(settings.RealSplom ? "real plotly.js: WebGL splom drawn" : "plotly.js stubbed: no WebGL")}) on {Math.Min(settings.Models.Count, settings.Pages)} model(s), " +
    $"{settings.Hertz} Hz for {settings.Seconds} s; all open in {opened.TotalSeconds:F1} s (median page {(openTimes.Length == 0 ? double.NaN : openTimes[openTimes.Length / 2]):F1} s); " +
    $"{steps} steps measured after a {warmup.TotalSeconds:F0} s warm-up ({steps / Math.Max(1.0, measured.Count) / Math.Max(1, settings.Seconds - warmup.TotalSeconds):F1}/s per page; " +
    $"{sessions.Sum(s => s.Sent) / Math.Max(1.0, sessions.Count(s => s.Sent > 0)) / settings.Seconds:F1} key presses/s per page sent)");
Console.WriteLine($"  slider -> image (ms): p50 {Percentile(50):F0}  p95 {Percentile(95):F0}  p99 {Percentile(99):F0}  max {(latencies.Length == 0 ? double.NaN : latencies[^1]):F0}");
Console.WriteLine(
    $"  errors: {slow + unanswered} timeouts (> 5 s or never answered: {unanswered}), {pageErrors.Count} page errors, {consoleErrors.Count} console errors, " +
    $"{measured.Sum(f => f.Disconnects)} circuit disconnects (reconnect UI shown), {terminated} circuits terminated, {failures.Count} page(s) failed; {measured.Sum(f => f.Unmatched)} render(s) matched no step");
foreach (var message in failures.Concat(pageErrors).Concat(consoleErrors).GroupBy(m => m).Take(Environment.GetEnvironmentVariable("LOADBENCH_VERBOSE") is null ? 3 : 50))
{
    Console.WriteLine($"    {message.Count()}x {(message.Key.Length > 160 ? message.Key[..160] + "…" : message.Key)}");
}

if (memory is not null)
{
    Console.WriteLine($"  server RSS (MB): before {Mb(rssBefore)}, peak {Mb(rssPeak)}, after {Mb(rssAfter)} ({settings.SettleSeconds} s after the pages closed)");
}

if (training is not null)
{
    Console.WriteLine(
        $"  training meanwhile (img/s, median of readings): alone {alone?.Median:F0} ({alone?.Readings}), during the slider load {meanwhile.Median:F0} ({meanwhile.Readings})");
}

return 0;
