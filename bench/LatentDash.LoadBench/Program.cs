using System.Diagnostics;
using System.Globalization;
using System.Net;
using LatentDash.LoadBench;
using LatentDash.LoadBench.Protocol;
using Microsoft.Playwright;

// Load on the explorer: N sessions (default 20) spread over M models, each opened on a model + sample URL and stepping
// its first slider at 10 Hz for 60 s, while one model trains in the same dashboard. By default each session speaks the
// Blazor Server protocol itself (ProtocolSession: no browser, so on 2 cores the figure is the server's); --driver browser
// opens headless Chromium pages instead, with plotly.js stubbed (PlotlyStub) unless --real-splom keeps the real one.
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
var verbose = Environment.GetEnvironmentVariable("LOADBENCH_VERBOSE") is not null;
var timeout = TimeSpan.FromSeconds(5);
await using var memory = settings.ServerPid is { } pid ? new ServerMemory(pid) : null;
await using var training = settings.Training is { } id ? new TrainingRate(settings.Url, id) : null;

// The training alone first, and the server's memory before any session.
await Task.Delay(TimeSpan.FromSeconds(settings.BaselineSeconds));
var alone = training?.Between(TimeSpan.Zero, training.Mark());
var rssBefore = memory?.Now();
memory?.TakePeak();

IPlaywright? playwright = null;
IBrowser? browser = null;
if (settings.Driver == LoadDriver.Browser)
{
    playwright = await Playwright.CreateAsync();
    browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}

using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };

// Sessions spread over the models round-robin, each on its own sample, each with its own connections, all opened at
// once (so the models load concurrently). range=global gives the slider its widest range: a step must change the
// 3-decimal caption that marks its answer, and a barely trained model's class ± std can be narrower.
var sessions = new List<ILoadSession>();
for (var i = 0; i < settings.Sessions; i++)
{
    var (run, model) = (settings.Models[i % settings.Models.Count].Split('/')[0], settings.Models[i % settings.Models.Count].Split('/')[1]);
    var sample = (i * 37) % settings.Samples;
    var address = new Uri(settings.Url, $"/?dataset={settings.Dataset}&run={Uri.EscapeDataString(run)}&model={Uri.EscapeDataString(model)}&sample={sample}&range=global");
    sessions.Add(browser is null ? new ProtocolSession(http, address) : await BrowserSession.CreateAsync(browser, settings.RealSplom, address.ToString()));
}

var opening = Stopwatch.StartNew();
await Task.WhenAll(sessions.Select(s => s.OpenAsync(TimeSpan.FromSeconds(180))));
var opened = opening.Elapsed;
var rssOpen = memory?.Now();

var period = TimeSpan.FromSeconds(1.0 / settings.Hertz);
var warmup = TimeSpan.FromSeconds(1);
var driveFrom = training?.Mark();
var loadBefore = MachineLoad.Average();
var cpuFrom = settings.ServerPid is { } server ? MachineLoad.CpuSeconds(server) : double.NaN;
var sentFrom = sessions.Sum(s => s.Sent);
var driving = Stopwatch.StartNew();
await Task.WhenAll(sessions.Select((s, i) => s.DriveAsync(period, period * i / sessions.Count, TimeSpan.FromSeconds(settings.Seconds), warmup)));
var drove = driving.Elapsed;
var cpuUsed = settings.ServerPid is { } again ? MachineLoad.CpuSeconds(again) - cpuFrom : double.NaN;
var serverCpu = cpuUsed / drove.TotalSeconds;
// Every step sent in the drive (warm-up included) costs the server its work, answered or coalesced; with a training in
// the same process its CPU is in the figure too (compare a run with --no-training for the steps' own cost).
var cpuPerStep = cpuUsed * 1000 / Math.Max(1, sessions.Sum(s => s.Sent) - sentFrom);
// A server that falls behind decodes fewer times than it is stepped (the explorer coalesces a drag): per decode too.
var decodes = sessions.OfType<ProtocolSession>().Sum(s => s.Decodes);
var cpuPerDecode = cpuUsed * 1000 / Math.Max(1, decodes);
var loadAfter = MachineLoad.Average();
var figures = await Task.WhenAll(sessions.Select(s => s.CollectAsync(timeout)));
var meanwhile = training is null ? default : training.Between(driveFrom!.Value, training.Mark());
var rssPeak = memory?.TakePeak();
var jsCalls = sessions.OfType<ProtocolSession>().SelectMany(s => s.JsCalls).GroupBy(c => c.Key).Select(g => $"{g.Key} {g.Sum(c => c.Value)}").ToList();

var closing = Stopwatch.StartNew();
await Task.WhenAll(sessions.Select(s => s.CloseAsync()));
var closed = closing.Elapsed;
if (browser is not null)
{
    await browser.CloseAsync();
}

playwright?.Dispose();
await Task.Delay(TimeSpan.FromSeconds(settings.SettleSeconds));
var rssAfter = memory?.Now();

// The figures.
var measured = figures.OfType<SessionFigures>().ToList();
var latencies = measured.SelectMany(f => f.Latencies).Order().ToArray();
var steps = measured.Sum(f => f.Steps);
var slow = latencies.Count(l => l > timeout.TotalMilliseconds);
var unanswered = measured.Sum(f => f.Unanswered);
var errors = sessions.SelectMany(s => s.Errors).ToList();
// A step dispatched to a slider handler id that a re-render had replaced (dotnet/aspnetcore#53487): the step is lost.
var staleHandlers = errors.Count(e => e.Contains("no event handler associated with this event", StringComparison.Ordinal));
var lost = sessions.Count(s => s.CircuitLost);
var failures = sessions.Where(s => s.Failure is not null).Select(s => s.Failure!).ToList();
double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[(int)Math.Round(p / 100 * (latencies.Length - 1))];
string Mb(ServerMemory.Reading? value) => value is { } v && !double.IsNaN(v.Rss) ? v.ToString() : "?";

var what = settings.Driver == LoadDriver.Protocol
    ? "protocol session(s) (Blazor/SignalR client, no browser)"
    : $"browser page(s) ({(settings.RealSplom ? "real plotly.js: WebGL splom drawn" : "plotly.js stubbed: no WebGL")})";
var openTimes = sessions.Where(s => s.Failure is null).Select(s => s.OpenTime.TotalSeconds).Order().ToArray();
var sending = Math.Max(1, sessions.Count(s => s.Sent > 0));
Console.WriteLine(
    $"load: {settings.Sessions} {what} on {Math.Min(settings.Models.Count, settings.Sessions)} model(s), " +
    $"{settings.Hertz} Hz for {settings.Seconds} s; all open in {opened.TotalSeconds:F1} s (median session {(openTimes.Length == 0 ? double.NaN : openTimes[openTimes.Length / 2]):F1} s); " +
    $"{steps} steps measured after a {warmup.TotalSeconds:F0} s warm-up; {sessions.Sum(s => s.Sent) / (double)sending / drove.TotalSeconds:F1} steps/s sent per session");
Console.WriteLine($"  slider -> image (ms): p50 {Percentile(50):F0}  p95 {Percentile(95):F0}  p99 {Percentile(99):F0}  max {(latencies.Length == 0 ? double.NaN : latencies[^1]):F0}");
Console.WriteLine(
    $"  errors: {slow + unanswered} timeouts (> 5 s or never answered: {unanswered}), {errors.Count} error message(s) ({staleHandlers} to stale handler ids), " +
    $"{measured.Sum(f => f.Disconnects)} disconnects, {lost} circuit(s) lost, {failures.Count} session(s) failed; {measured.Sum(f => f.Unmatched)} decode render(s) matched no step");
foreach (var message in failures.Concat(errors).GroupBy(m => m).Take(verbose ? 50 : 3))
{
    Console.WriteLine($"    {message.Count()}x {(message.Key.Length > 160 ? message.Key[..160] + "…" : message.Key)}");
}

if (verbose && jsCalls.Count > 0)
{
    Console.WriteLine($"  JS calls answered: {string.Join("; ", jsCalls)}");
}

if (memory is not null)
{
    Console.WriteLine(
        $"  server RSS (MB): before {Mb(rssBefore)}, all sessions open {Mb(rssOpen)}, peak {Mb(rssPeak)}, after {Mb(rssAfter)} ({settings.SettleSeconds} s after the sessions closed, which took {closed.TotalSeconds:F1} s); " +
        $"server CPU during the drive {serverCpu:F2} cores, {cpuPerStep:F2} CPU ms per step sent, " +
        $"{cpuPerDecode:F2} per decode ({decodes} decodes rendered)");
}

Console.WriteLine($"  machine load average (1 min): {loadBefore:F1} as the drive began, {loadAfter:F1} as it ended");
if (training is not null)
{
    Console.WriteLine(
        $"  training meanwhile (img/s, median of readings): alone {alone?.Median:F0} ({alone?.Readings}), during the slider load {meanwhile.Median:F0} ({meanwhile.Readings})");
}

return 0;
