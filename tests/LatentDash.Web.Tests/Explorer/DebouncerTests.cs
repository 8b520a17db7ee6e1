using System.Collections.Concurrent;
using LatentDash.Web.Explorer;

namespace LatentDash.Web.Tests.Explorer;

public class DebouncerTests
{
    [Fact]
    public async Task A_burst_runs_only_its_last_action_once_it_pauses()
    {
        using var debouncer = new Debouncer(TimeSpan.FromMilliseconds(80));
        var ran = new ConcurrentQueue<int>();

        for (var i = 0; i < 10; i++)
        {
            var value = i;
            debouncer.Schedule(() =>
            {
                ran.Enqueue(value);
                return Task.CompletedTask;
            });
        }

        Assert.Empty(ran);
        await Eventually(() => !ran.IsEmpty);
        await Task.Delay(300);
        Assert.Equal([9], ran);
    }

    [Fact]
    public async Task Calls_further_apart_than_the_delay_each_run()
    {
        using var debouncer = new Debouncer(TimeSpan.FromMilliseconds(20));
        var ran = new ConcurrentQueue<int>();

        for (var i = 0; i < 3; i++)
        {
            var value = i;
            debouncer.Schedule(() =>
            {
                ran.Enqueue(value);
                return Task.CompletedTask;
            });
            await Eventually(() => ran.Count == value + 1);
        }

        Assert.Equal([0, 1, 2], ran);
    }

    [Fact]
    public async Task A_cancelled_or_disposed_debouncer_runs_nothing()
    {
        var debouncer = new Debouncer(TimeSpan.FromMilliseconds(30));
        var ran = 0;

        debouncer.Schedule(() => Task.FromResult(Interlocked.Increment(ref ran)));
        debouncer.Cancel();
        debouncer.Schedule(() => Task.FromResult(Interlocked.Increment(ref ran)));
        debouncer.Dispose();
        debouncer.Schedule(() => Task.FromResult(Interlocked.Increment(ref ran)));

        await Task.Delay(300);
        Assert.Equal(0, ran);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
