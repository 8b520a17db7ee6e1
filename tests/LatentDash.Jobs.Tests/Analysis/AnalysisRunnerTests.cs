using LatentDash.Jobs.Analysis;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Analysis;

public sealed class AnalysisRunnerTests : IAsyncLifetime, IDisposable
{
    private readonly AnalysisRunner runner = new(NullLogger<AnalysisRunner>.Instance);

    public Task InitializeAsync() => runner.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await runner.StopAsync(CancellationToken.None);
    }

    public void Dispose() => runner.Dispose();

    [Fact]
    public async Task A_computation_runs_in_the_background_and_reports_progress_and_its_result()
    {
        var progress = new List<double>();
        var ticket = runner.Enqueue("a", (p, _) =>
        {
            p.Report(0);
            p.Report(1);
            return "done";
        });
        ticket.Changed += () =>
        {
            lock (progress)
            {
                progress.Add(ticket.Progress);
            }
        };

        Assert.Equal("done", await ticket.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("done", ticket.Result);
        Assert.Null(ticket.Error);
        Assert.Equal(1, ticket.Progress);
        Assert.False(ticket.IsRunning);
    }

    [Fact]
    public async Task The_same_key_asked_twice_while_queued_runs_once_and_gives_the_same_ticket()
    {
        using var release = new ManualResetEventSlim();
        var runs = 0;
        var blocker = runner.Enqueue("blocker", (_, token) =>
        {
            release.Wait(TimeSpan.FromSeconds(10), token);
            return "b";
        });
        string Compute(IProgress<double> p, CancellationToken t)
        {
            Interlocked.Increment(ref runs);
            return "x";
        }

        var first = runner.Enqueue<string>("same", Compute);
        var second = runner.Enqueue<string>("same", Compute);
        Assert.Same(first, second);
        Assert.Same(first, runner.Find<string>("same"));
        release.Set();

        await Task.WhenAll(blocker.Completion, first.Completion).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failing_computation_becomes_the_tickets_error_and_the_next_one_still_runs()
    {
        var failing = runner.Enqueue<string>("bad", (_, _) => throw new InvalidOperationException("the model folder is broken"));
        var next = runner.Enqueue("good", (_, _) => "fine");

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("the model folder is broken", failing.Error);
        Assert.Equal("fine", await next.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Stopping_the_host_cancels_what_is_running_and_queued()
    {
        var running = runner.Enqueue("long", (_, token) =>
        {
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            token.ThrowIfCancellationRequested();
            return "never";
        });
        var queued = runner.Enqueue("after", (_, _) => "never");
        await WaitUntil(() => running.IsRunning);

        await runner.StopAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotNull(running.Error);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
