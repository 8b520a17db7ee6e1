using LatentDash.Jobs.Queue;
using LatentDash.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Tests.Runs;

/// <summary>How the dashboard, as shipped (its appsettings.json), trains what is queued.</summary>
[Collection(nameof(AppUsers))]
public sealed class DashboardQueueSettingsTests
{
    [Fact]
    public async Task The_dashboard_trains_a_sweep_two_models_at_a_time_on_a_thread_each_and_a_lone_model_on_two()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["environment"] = "Production" });

        var queue = factory.Services.GetRequiredService<IOptions<QueueOptions>>().Value;

        Assert.Equal(2, queue.Workers);
        Assert.Equal(2, queue.ThreadsEach(1, 0));
        Assert.Equal([1, 1, 1, 1], Enumerable.Range(0, 4).Select(i => queue.ThreadsEach(4, i)));
    }
}
