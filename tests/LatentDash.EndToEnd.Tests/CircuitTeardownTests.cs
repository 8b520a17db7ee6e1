using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>Pages closed in quick succession, as a user flicking through views does.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class CircuitTeardownTests(DashboardHost host)
{
    private const int Closes = 8;

    /// <summary>Well under the time a closed page's beacon used to wait (20 s to a minute).</summary>
    private static readonly TimeSpan TeardownBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Pages_closed_while_their_charts_still_load_plotly_have_their_beacons_answered()
    {
        // A closed page's disconnect beacon used to go unanswered for 20 s to a minute: the circuit's disposal waited
        // for the chart's first draw, which waited for plotly.js in a page that no longer existed. Each such beacon held
        // one of the browser's six connections to the host, so the seventh page waited for its HTML.
        using var posts = new ActivePosts(host.Services.GetRequiredService<IMeterFactory>());
        await using var context = await host.Browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        // plotly.js arrives late (the page asks for it in its head, then again from the charts' first draw), so every
        // chart's first draw is still waiting for it when its page closes.
        await context.RouteAsync("**/_content/Plotly.Blazor/plotly-*.min.js", async route =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // The page closed meanwhile: the case under test.
            }
        });
        var address = $"{host.BaseUrl}/curves?run=e2e&model={host.Model}";

        for (var i = 0; i < Closes; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(address);
            // The charts' interop module adds plotly.js's script element once a chart's first draw has asked for it.
            await page.WaitForSelectorAsync("#plotly-import", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await page.CloseAsync();
        }

        // Every closed page sent a POST /_blazor/disconnect; nothing else here POSTs for long.
        Assert.True(posts.Started >= Closes, $"{posts.Started} POST requests");
        var answered = await Eventually(() => posts.Active == 0, TeardownBound);
        Assert.True(answered, $"{posts.Active} POST requests still unanswered {TeardownBound.TotalSeconds} s after the last page closed");

        var next = await context.NewPageAsync();
        var response = await next.GotoAsync($"{host.BaseUrl}/compare?run=e2e");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(next.GetByTestId("cell-model")).ToHaveTextAsync([host.Model]);
    }

    private static async Task<bool> Eventually(Func<bool> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>The dashboard's own count of POST requests in progress (ASP.NET Core's <c>http.server.active_requests</c>),
    /// counted from when this listener starts.</summary>
    private sealed class ActivePosts : IDisposable
    {
        private readonly MeterListener listener = new();
        private long active;
        private long started;

        public ActivePosts(IMeterFactory dashboardMeters)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, dashboardMeters) && instrument.Name == "http.server.active_requests")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, delta, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "http.request.method", Value: "POST" })
                    {
                        Interlocked.Add(ref active, delta);
                        if (delta > 0)
                        {
                            Interlocked.Add(ref started, delta);
                        }
                    }
                }
            });
            listener.Start();
        }

        public long Active => Interlocked.Read(ref active);

        public long Started => Interlocked.Read(ref started);

        public void Dispose() => listener.Dispose();
    }
}
