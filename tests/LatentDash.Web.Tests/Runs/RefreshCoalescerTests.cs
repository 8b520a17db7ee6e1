using LatentDash.Web.Runs;

namespace LatentDash.Web.Tests.Runs;

/// <summary>The Trainings page's refresh: a burst of notifications gives one reload, a later one another.</summary>
public sealed class RefreshCoalescerTests
{
    [Fact]
    public async Task A_burst_of_requests_gives_one_refresh_and_a_later_request_another()
    {
        var refreshes = 0;
        using var coalescer = new RefreshCoalescer(() => Task.FromResult(Interlocked.Increment(ref refreshes)), TimeSpan.FromMilliseconds(200));

        for (var i = 0; i < 100; i++)
        {
            coalescer.Request();
        }

        await Until(() => Volatile.Read(ref refreshes) >= 1);
        await Task.Delay(400);
        Assert.Equal(1, Volatile.Read(ref refreshes));

        coalescer.Request();
        await Until(() => Volatile.Read(ref refreshes) >= 2);
        await Task.Delay(400);
        Assert.Equal(2, Volatile.Read(ref refreshes));
    }

    [Fact]
    public async Task Nothing_is_refreshed_after_the_page_is_gone()
    {
        var refreshes = 0;
        var coalescer = new RefreshCoalescer(() => Task.FromResult(Interlocked.Increment(ref refreshes)), TimeSpan.FromMilliseconds(100));

        coalescer.Request();
        coalescer.Dispose();
        coalescer.Request();
        await Task.Delay(400);

        Assert.Equal(0, Volatile.Read(ref refreshes));
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
