using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>Pages closed in quick succession, as a user flicking through views does.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class CircuitTeardownTests(DashboardHost host)
{
    private const int Closes = 8;

    /// <summary>Well under the JS interop timeout (a minute) that a closed page's circuit used to wait out.</summary>
    private static readonly TimeSpan TeardownBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Pages_closed_while_their_charts_still_load_plotly_release_their_circuits_and_the_next_page_opens()
    {
        // A closed page's circuit used to stay in memory, and its disconnect beacon unanswered, for the JS interop timeout:
        // the circuit's disposal waited for the chart's first draw, which waited for plotly.js in a page that no longer
        // existed. Each such beacon held one of the browser's six connections to the host, so the seventh page waited.
        using var circuits = new ActiveCircuits(host.Services.GetRequiredService<IMeterFactory>());
        await using var context = await host.Browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var address = $"{host.BaseUrl}/curves?run=e2e&model={host.Model}";

        for (var i = 0; i < Closes; i++)
        {
            var page = await context.NewPageAsync();
            var plotlyRequested = page.WaitForRequestAsync("**/_content/Plotly.Blazor/plotly-*.min.js");
            await page.GotoAsync(address);
            // The page closes while plotly.js loads, so its charts' first draws are still pending.
            await plotlyRequested;
            await page.CloseAsync();
        }

        Assert.True(circuits.Opened >= Closes, $"{circuits.Opened} circuits opened");
        var released = await Eventually(() => circuits.Open == 0, TeardownBound);
        Assert.True(released, $"{circuits.Open} of {circuits.Opened} circuits still in memory {TeardownBound.TotalSeconds} s after their pages closed");

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

    /// <summary>The dashboard's own count of circuits in memory (ASP.NET Core's <c>aspnetcore.components.circuit.active</c>),
    /// counted from when this listener starts.</summary>
    private sealed class ActiveCircuits : IDisposable
    {
        private readonly MeterListener listener = new();
        private long open;
        private long opened;

        public ActiveCircuits(IMeterFactory dashboardMeters)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, dashboardMeters) && instrument.Name == "aspnetcore.components.circuit.active")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, delta, _, _) =>
            {
                Interlocked.Add(ref open, delta);
                if (delta > 0)
                {
                    Interlocked.Add(ref opened, delta);
                }
            });
            listener.Start();
        }

        public long Open => Interlocked.Read(ref open);

        public long Opened => Interlocked.Read(ref opened);

        public void Dispose() => listener.Dispose();
    }
}
