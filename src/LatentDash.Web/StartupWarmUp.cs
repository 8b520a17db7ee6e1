using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LatentDash.Web;

/// <summary>Once the dashboard has started, requests its pages and the scripts and styles they link from the dashboard
/// itself, so that the first compilation of the page pipeline (routing, the Razor components, MudBlazor, the static
/// assets) is paid in the background rather than by a person's first page: 0.56–0.63 s for the first page after a
/// start against 0.02–0.03 s later. The trainings page only reads the index. The explorer's address with no query
/// prerenders the model a person who opens the dashboard sees first, which loads that model into the model cache: its
/// open then finds it in memory, and the open of any other model finds the loading code compiled and the dataset's
/// validation images read. Asked by the warm-up (<see cref="Header"/>), that prerender shows the model in full, as a
/// circuit does, where a person's only promises it: a person's first circuit after a start then finds the code that
/// shows a model compiled (the first open after a restart: see README, Benchmarks). Nothing is written but what that model's first
/// open writes anyway: its cache of encoded latents, when it has none yet.
/// A dashboard without an http address of its own (a test server) or with <see cref="WebOptions.WarmUpOnStart"/> off does
/// nothing; a failed request is logged and ends the warm-up, never the dashboard.</summary>
internal sealed partial class StartupWarmUp(
    IServer server, IHostApplicationLifetime lifetime, IOptions<WebOptions> options, ILogger<StartupWarmUp> logger) : BackgroundService
{
    /// <summary>The pages requested, in order: the trainings page, then the explorer.</summary>
    internal static readonly IReadOnlyList<string> Pages = ["/trainings", "/"];

    private static readonly string PageList = string.Join(", ", Pages);

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
            var assets = await WarmAsync(client, stoppingToken);
            LogWarmedUp(logger, PageList, assets, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing left to warm.
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the dashboard goes on: an exception out of a background service would stop the host.
            LogFailed(logger, PageList, ex.Message);
        }
    }

    /// <summary>The header the warm-up's requests carry: the explorer's prerender then opens its model in full instead of
    /// promising it (<see cref="Requested"/>).</summary>
    internal const string Header = "X-LatentDash-Warm-Up";

    /// <summary>Whether <paramref name="context"/> is a request of the warm-up: it carries <see cref="Header"/> and comes
    /// from this machine (an in-process test server gives no address).</summary>
    internal static bool Requested(HttpContext? context) =>
        context is not null
        && context.Request.Headers.ContainsKey(Header)
        && (context.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote));

    /// <summary>Requests <see cref="Pages"/> and, once each, the scripts and styles they link; returns how many of those.</summary>
    internal static async Task<int> WarmAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var fetched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in Pages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add(Header, "1");
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            foreach (var asset in AssetsOf(html).Where(fetched.Add))
            {
                using var fetchedAsset = await client.GetAsync(asset, cancellationToken);
            }
        }

        return fetched.Count;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up: {Pages} and their {Assets} scripts and styles in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, string pages, int assets, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The warm-up requests for {Pages} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string pages, string reason);
}
