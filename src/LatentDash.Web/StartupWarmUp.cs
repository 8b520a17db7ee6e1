using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LatentDash.Web;

/// <summary>Once the dashboard has started, requests one page and the scripts and styles it links from the dashboard
/// itself, so that the first compilation of the page pipeline (routing, the Razor components, MudBlazor, the static
/// assets) is paid in the background rather than by a person's first page: 0.56–0.63 s for the first page after a
/// start against 0.02–0.03 s later. The trainings page only reads the index: nothing is written and no model is loaded.
/// A dashboard without an http address of its own (a test server) or with <see cref="WebOptions.WarmUpOnStart"/> off does
/// nothing; a failed request is logged and ends the warm-up, never the dashboard.</summary>
internal sealed partial class StartupWarmUp(
    IServer server, IHostApplicationLifetime lifetime, IOptions<WebOptions> options, ILogger<StartupWarmUp> logger) : BackgroundService
{
    internal const string Page = "/trainings";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUpOnStart || !await StartedAsync(stoppingToken))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.Select(LoopbackOf).FirstOrDefault(a => a is not null);
            if (address is null)
            {
                return;
            }

            using var client = new HttpClient { BaseAddress = address, Timeout = RequestTimeout };
            var html = await client.GetStringAsync(Page, stoppingToken);
            var assets = AssetsOf(html);
            foreach (var asset in assets)
            {
                using var response = await client.GetAsync(asset, stoppingToken);
            }

            LogWarmedUp(logger, Page, assets.Count, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing left to warm.
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the dashboard goes on: an exception out of a background service would stop the host.
            LogFailed(logger, Page, ex.Message);
        }
    }

    /// <summary>The address to reach a listening address from this machine: a wildcard host becomes the loopback of
    /// its family. Null for anything but http (an https certificate need not be valid for the loopback).</summary>
    internal static Uri? LoopbackOf(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*:", "://localhost:", StringComparison.Ordinal)
                .Replace("://+:", "://localhost:", StringComparison.Ordinal), UriKind.Absolute, out var uri) ||
            uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        var host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => uri.Host,
        };
        return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
    }

    /// <summary>The page's own scripts and styles (relative links ending in .js or .css), in order.</summary>
    internal static IReadOnlyList<string> AssetsOf(string html) =>
        [.. AssetLink().Matches(html).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex("""(?:src|href)="(?!https?:|//|data:)/?([^"?#]+\.(?:js|css))["?#]""")]
    private static partial Regex AssetLink();

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up: {Page} and its {Assets} scripts and styles in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, string page, int assets, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The warm-up request for {Page} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string page, string reason);
}
