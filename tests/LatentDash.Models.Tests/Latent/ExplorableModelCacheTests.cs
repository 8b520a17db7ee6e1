using System.Collections.Concurrent;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Models.Tests.Latent;

public sealed class ExplorableModelCacheTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ExperimentStore store;
    private readonly List<string> models = [];

    public ExplorableModelCacheTests()
    {
        store = new ExperimentStore(temp.Path);
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(128);
        for (var i = 0; i < 2; i++)
        {
            using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name, latentDim: 2 + i) with { Dataset = "mnist" }, seed: i);
            var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
            store.Write(parameters, model, result);
            models.Add(parameters.Model);
        }
    }

    [Fact]
    public async Task A_model_is_loaded_once_and_shared()
    {
        using var cache = NewCache(capacity: 2);

        using var first = await cache.AcquireAsync("run", models[0]);
        using var second = await cache.AcquireAsync("run", models[0]);

        Assert.Same(first.Model, second.Model);
        Assert.Equal(200, first.Model.Space.Count);
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.Statistics.LoadsStarted);
    }

    [Fact]
    public async Task Concurrent_leases_of_one_model_share_one_load()
    {
        using var cache = NewCache(capacity: 2);

        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.AcquireAsync("run", models[0]))));

        Assert.All(leases, l => Assert.Same(leases[0].Model, l.Model));
        Assert.Equal(1, cache.Statistics.LoadsStarted);
        Assert.Equal(8, cache.Statistics.Leases);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(0, cache.Statistics.Leases);
        Assert.False(leases[0].Model.IsDisposed);
    }

    [Fact]
    public async Task The_least_recently_used_model_is_evicted_and_disposed_once_released()
    {
        using var cache = NewCache(capacity: 1);
        var held = await cache.AcquireAsync("run", models[0]);

        using (var other = await cache.AcquireAsync("run", models[1]))
        {
            Assert.Equal(1, cache.Count);
            // Still leased: usable although evicted.
            Assert.Equal(784, held.Model.Decode([0.0, 0.0]).Length);
        }

        var evicted = held.Model;
        held.Dispose();
        Assert.True(evicted.IsDisposed);
        Assert.ThrowsAny<Exception>(() => evicted.Decode([0.0, 0.0]));
        using var again = await cache.AcquireAsync("run", models[0]);
        Assert.NotSame(evicted, again.Model);
    }

    [Fact]
    public async Task An_evicted_model_still_leased_is_reused_not_loaded_again()
    {
        using var cache = NewCache(capacity: 1);
        using var held = await cache.AcquireAsync("run", models[0]);
        using var other = await cache.AcquireAsync("run", models[1]);
        Assert.Equal(1, cache.Statistics.EvictedButLeased);

        using var again = await cache.AcquireAsync("run", models[0]);

        Assert.Same(held.Model, again.Model);
        Assert.Equal(2, cache.Statistics.LoadsStarted);
        // Reviving it pushed the other out; both stay alive while leased, no third copy exists.
        Assert.Equal(new ExplorableModelCacheStatistics(Cached: 1, EvictedButLeased: 1, Leased: 2, Leases: 3, Alive: 2, LoadsStarted: 2, LoadsRunning: 0, PeakLoadsRunning: 1), cache.Statistics);
    }

    [Fact]
    public async Task Loads_run_at_most_the_configured_number_at_once()
    {
        var names = CopiesOfFirstModel(6);
        using var cache = NewCache(capacity: 6, maxConcurrentLoads: 2);

        var leases = await Task.WhenAll(names.Select(n => Task.Run(() => cache.AcquireAsync("copies", n))));

        var statistics = cache.Statistics;
        Assert.Equal(6, statistics.LoadsStarted);
        Assert.InRange(statistics.PeakLoadsRunning, 1, 2);
        Assert.Equal(6, leases.Select(l => l.Model).Distinct().Count());
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task Twenty_circuits_on_twenty_models_keep_the_cache_within_its_memory_bound()
    {
        const int capacity = 4;
        var names = CopiesOfFirstModel(20);
        var seen = new ConcurrentDictionary<ExplorableModel, bool>();
        var violations = new ConcurrentQueue<string>();
        var cache = NewCache(capacity, maxConcurrentLoads: 2);
        var circuitsDone = new CancellationTokenSource();

        var sampler = Task.Run(async () =>
        {
            while (!circuitsDone.IsCancellationRequested)
            {
                var s = cache.Statistics;
                if (s.Alive > capacity + s.Leased || s.Cached > capacity || s.EvictedButLeased > s.Leased)
                {
                    violations.Enqueue(s.ToString());
                }

                await Task.Delay(1);
            }
        });
        var circuits = Enumerable.Range(0, 20).Select(circuit => Task.Run(async () =>
        {
            var random = new Random(circuit);
            for (var step = 0; step < 8; step++)
            {
                using var lease = await cache.AcquireAsync("copies", names[random.Next(names.Count)]);
                seen[lease.Model] = true;
                // A leased model is never disposed under its holder.
                Assert.False(lease.Model.IsDisposed);
                Assert.Equal(784, lease.Model.Decode([0.1, -0.2]).Length);
                await Task.Delay(random.Next(3));
            }
        })).ToArray();
        await Task.WhenAll(circuits);
        await circuitsDone.CancelAsync();
        await sampler;

        Assert.Empty(violations);
        var after = cache.Statistics;
        Assert.Equal((capacity, 0, 0, capacity), (after.Cached, after.EvictedButLeased, after.Leases, after.Alive));
        Assert.Equal(capacity, seen.Keys.Count(m => !m.IsDisposed));
        Assert.InRange(after.PeakLoadsRunning, 1, 2);
        cache.Dispose();
        Assert.All(seen.Keys, m => Assert.True(m.IsDisposed));
        circuitsDone.Dispose();
    }

    [Fact]
    public async Task A_failed_load_is_not_cached_and_all_its_waiters_see_the_error()
    {
        using var cache = NewCache(capacity: 2);
        var directory = store.ModelDirectory("run", models[1]);
        File.Move(Path.Combine(directory, "encoder.dat"), Path.Combine(temp.Path, "encoder.dat"));

        var waiters = Enumerable.Range(0, 3).Select(_ => cache.AcquireAsync("run", models[1])).ToArray();
        var errors = new List<FileNotFoundException>();
        foreach (var waiter in waiters)
        {
            var error = await Assert.ThrowsAsync<FileNotFoundException>(() => waiter);
            Assert.Contains("encoder.dat", error.Message, StringComparison.Ordinal);
            errors.Add(error);
        }

        // The waiters of one load share its error. A waiter that came after a load had already failed (the test thread
        // can be preempted between two requests, and the load fails within milliseconds) is the next request: it tries
        // again, with an error of its own. So: one load per distinct error, and nothing of any kept.
        var loads = errors.Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.Equal((0, loads, 0, 0), (cache.Count, cache.Statistics.LoadsStarted, cache.Statistics.Leases, cache.Statistics.Alive));

        File.Move(Path.Combine(temp.Path, "encoder.dat"), Path.Combine(directory, "encoder.dat"));
        using var lease = await cache.AcquireAsync("run", models[1]);
        Assert.Equal(3, lease.Model.Space.Dimensions);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_load_to_the_others()
    {
        // A load of the fixture model whose latents are cached on disk can finish before the cancellation arrives; then
        // nothing was cancelled and the scenario is tried again with a fresh cache.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var cache = NewCache(capacity: 2);
            using var cancel = new CancellationTokenSource();

            var impatient = cache.AcquireAsync("run", models[0], cancel.Token);
            var patient = cache.AcquireAsync("run", models[0]);
            await cancel.CancelAsync();

            ExplorableModelLease? won = null;
            try
            {
                won = await impatient;
            }
            catch (OperationCanceledException)
            {
                // The waiter gave up while the model loaded: the case under test.
            }

            if (won is not null)
            {
                won.Dispose();
                (await patient).Dispose();
                continue;
            }

            using var lease = await patient;
            Assert.False(lease.Model.IsDisposed);
            Assert.Equal((1, 1), (cache.Statistics.LoadsStarted, cache.Statistics.Leases));
            return;
        }

        Assert.Fail("the load finished before the cancellation in all 20 attempts");
    }

    [Fact]
    public async Task When_the_only_waiter_gives_up_its_model_is_not_kept()
    {
        // On a busy machine both loads (latents cached on disk) can finish before the cancellation arrives; then nothing
        // was abandoned and the scenario is tried again with a fresh cache.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var cache = NewCache(capacity: 2, maxConcurrentLoads: 1);
            using var cancel = new CancellationTokenSource();

            var kept = cache.AcquireAsync("run", models[0]);
            var abandoned = cache.AcquireAsync("run", models[1], cancel.Token);
            await cancel.CancelAsync();

            ExplorableModelLease? won = null;
            try
            {
                won = await abandoned;
            }
            catch (OperationCanceledException)
            {
                // The waiter gave up while its load waited or ran: the case under test.
            }

            if (won is not null)
            {
                won.Dispose();
                (await kept).Dispose();
                continue;
            }

            using var lease = await kept;
            // The abandoned load was either cancelled before it began or disposed when it ended.
            var settled = await Eventually(() => cache.Statistics is { LoadsRunning: 0, Alive: 1 });
            Assert.True(settled, cache.Statistics.ToString());
            Assert.Equal((1, 1), (cache.Count, cache.Statistics.Leases));
            using var again = await cache.AcquireAsync("run", models[1]);
            Assert.Equal(3, again.Model.Space.Dimensions);
            return;
        }

        Assert.Fail("both loads finished before the cancellation in all 20 attempts");
    }

    [Fact]
    public async Task A_prefetch_loads_without_a_lease_and_the_next_acquire_joins_it()
    {
        using var cache = NewCache(capacity: 2);

        cache.Prefetch("run", models[0]);
        cache.Prefetch("run", models[0]);

        Assert.Equal((1, 1, 0), (cache.Count, cache.Statistics.LoadsStarted, cache.Statistics.Leases));
        using var lease = await cache.AcquireAsync("run", models[0]);
        Assert.Equal(200, lease.Model.Space.Count);
        Assert.Equal((1, 1), (cache.Statistics.LoadsStarted, cache.Statistics.Leases));
    }

    [Fact]
    public async Task A_prefetched_model_nobody_acquires_stays_cached_until_evicted()
    {
        using var cache = NewCache(capacity: 1);

        cache.Prefetch("run", models[0]);
        Assert.True(await Eventually(() => cache.Statistics is { LoadsRunning: 0, Alive: 1 }), cache.Statistics.ToString());
        using (var lease = await cache.AcquireAsync("run", models[0]))
        {
            Assert.Equal(1, cache.Statistics.LoadsStarted);
        }

        // Prefetching a cached model loads nothing; another model pushes it out, and it is disposed (nobody leases it).
        cache.Prefetch("run", models[0]);
        Assert.Equal(1, cache.Statistics.LoadsStarted);
        using var other = await cache.AcquireAsync("run", models[1]);
        Assert.Equal(new ExplorableModelCacheStatistics(Cached: 1, EvictedButLeased: 0, Leased: 1, Leases: 1, Alive: 1, LoadsStarted: 2, LoadsRunning: 0, PeakLoadsRunning: 1), cache.Statistics);
    }

    [Fact]
    public async Task A_failed_prefetch_is_forgotten_and_the_next_acquire_loads_again_and_sees_why()
    {
        using var cache = NewCache(capacity: 2);
        var directory = store.ModelDirectory("run", models[1]);
        File.Move(Path.Combine(directory, "encoder.dat"), Path.Combine(temp.Path, "encoder.dat"));

        cache.Prefetch("run", models[1]);

        Assert.True(await Eventually(() => cache.Count == 0), cache.Statistics.ToString());
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => cache.AcquireAsync("run", models[1]));
        Assert.Contains("encoder.dat", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 2, 0, 0), (cache.Count, cache.Statistics.LoadsStarted, cache.Statistics.Leases, cache.Statistics.Alive));
    }

    [Fact]
    public void A_prefetch_checks_names_and_does_nothing_on_a_disposed_cache()
    {
        var cache = NewCache(capacity: 2);
        Assert.Throws<ArgumentException>(() => cache.Prefetch("..", models[0]));
        Assert.Throws<ArgumentException>(() => cache.Prefetch("run", "../run"));

        cache.Dispose();
        cache.Prefetch("run", models[0]);

        Assert.Equal((0, 0), (cache.Count, cache.Statistics.LoadsStarted));
    }

    [Fact]
    public async Task A_model_leased_when_the_cache_is_disposed_is_disposed_with_its_last_lease()
    {
        var cache = NewCache(capacity: 2);
        var lease = await cache.AcquireAsync("run", models[0]);

        cache.Dispose();

        Assert.False(lease.Model.IsDisposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.AcquireAsync("run", models[0]));
        lease.Dispose();
        Assert.True(lease.Model.IsDisposed);
    }

    [Fact]
    public void Disposing_the_cache_waits_for_a_load_under_way_to_finish()
    {
        // A process that ends with a thread inside libtorch aborts: the host disposes the cache at shutdown, so the
        // prefetch a page started just before must be over when Dispose returns.
        var cache = NewCache(capacity: 2);
        cache.Prefetch("run", models[0]);
        Assert.Equal(1, cache.Statistics.LoadsRunning);

        cache.Dispose();

        Assert.Equal(0, cache.Statistics.LoadsRunning);
        Assert.Equal(1, cache.Statistics.LoadsStarted);
    }

    [Fact]
    public async Task Unsafe_names_never_reach_the_file_system()
    {
        using var cache = NewCache(capacity: 2);
        await Assert.ThrowsAsync<ArgumentException>(() => cache.AcquireAsync("..", models[0]));
        await Assert.ThrowsAsync<ArgumentException>(() => cache.AcquireAsync("run", "../run"));
    }

    public void Dispose() => temp.Dispose();

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    /// <summary>Copies of the first model under run "copies": as many distinct models as needed, for the price of one
    /// training.</summary>
    private List<string> CopiesOfFirstModel(int count)
    {
        var source = store.ModelDirectory("run", models[0]);
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"copy-{i:00}";
            var target = store.ModelDirectory("copies", name);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }

            names.Add(name);
        }

        return names;
    }

    private ExplorableModelCache NewCache(int capacity, int maxConcurrentLoads = 2) =>
        new(store, new DatasetCatalog(Fixtures.DataRoot), capacity, maxConcurrentLoads, NullLogger<ExplorableModelCache>.Instance);
}
