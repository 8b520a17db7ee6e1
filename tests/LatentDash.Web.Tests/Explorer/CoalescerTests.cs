using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Tests.Explorer;

public class CoalescerTests
{
    [Fact]
    public async Task Requests_queued_on_a_circuit_run_the_work_once_with_the_latest_state()
    {
        // A Blazor dispatcher runs one piece of work at a time, as a circuit does.
        var dispatcher = Dispatcher.CreateDefault();
        var coalescer = new Coalescer();
        var latest = 0;
        var decoded = new List<int>();
        var runs = new List<Task<bool>>();

        // Five slider messages already queued on the circuit when the first is handled.
        await dispatcher.InvokeAsync(() =>
        {
            var circuit = SynchronizationContext.Current!;
            for (var i = 1; i <= 5; i++)
            {
                var value = i;
                circuit.Post(
                    _ =>
                    {
                        latest = value;
                        runs.Add(coalescer.RunAsync(() => decoded.Add(latest)));
                    },
                    null);
            }
        });
        await dispatcher.InvokeAsync(() => { });

        var ran = await Task.WhenAll(runs);
        Assert.Equal([5], decoded);
        Assert.Equal(1, ran.Count(r => r));
    }

    [Fact]
    public async Task Requests_after_a_run_run_again()
    {
        var dispatcher = Dispatcher.CreateDefault();
        var coalescer = new Coalescer();
        var count = 0;

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await dispatcher.InvokeAsync(() => coalescer.RunAsync(() => count++)));
        }

        Assert.Equal(3, count);
    }
}
