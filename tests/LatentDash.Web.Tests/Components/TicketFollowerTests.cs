using LatentDash.Jobs.Analysis;
using LatentDash.Web.Components;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Web.Tests.Components;

public sealed class TicketFollowerTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly AnalysisRunner runner = new(NullLogger<AnalysisRunner>.Instance);

    [Fact]
    public async Task A_followed_ticket_reports_its_completion_and_one_followed_after_completing_reports_at_once()
    {
        await runner.StartAsync(CancellationToken.None);
        var gate = new TaskCompletionSource();
        var done = new TaskCompletionSource();
        using var follower = new TicketFollower<string>(() =>
        {
            if (runner.Find<string>("a") is { IsCompleted: true })
            {
                done.TrySetResult();
            }
        });

        follower.Follow(runner.Enqueue("a", (_, token) => { gate.Task.Wait(Patience, token); return "result"; }));
        Assert.False(done.Task.IsCompleted);
        gate.SetResult();
        await done.Task.WaitAsync(Patience);
        Assert.Equal("result", follower.Current!.Result);

        var calls = 0;
        using var late = new TicketFollower<string>(() => calls++);
        late.Follow(follower.Current);
        Assert.Equal(1, calls);
        // Following the same ticket again subscribes nothing twice.
        late.Follow(follower.Current);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Following_another_ticket_or_none_stops_hearing_the_previous_one()
    {
        await runner.StartAsync(CancellationToken.None);
        var gate = new TaskCompletionSource();
        var calls = 0;
        using var follower = new TicketFollower<string>(() => Interlocked.Increment(ref calls));
        var first = runner.Enqueue("first", (_, token) => { gate.Task.Wait(Patience, token); return "first"; });
        follower.Follow(first);

        follower.Stop();
        var heard = Volatile.Read(ref calls);
        gate.SetResult();
        await first.Completion.WaitAsync(Patience);

        Assert.Null(follower.Current);
        Assert.Equal(heard, Volatile.Read(ref calls));
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await runner.StopAsync(CancellationToken.None);
        runner.Dispose();
    }
}
