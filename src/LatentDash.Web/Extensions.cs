using LatentDash.Models;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LatentDash.Web;

/// <summary>Registers the dashboard: MudBlazor, the explorable-model cache and the web options.</summary>
public static class Extensions
{
    public static IServiceCollection AddLatentWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration("Web").ValidateDataAnnotations().ValidateOnStart();
        services.AddMudServices();
        services.AddSingleton(sp => new ExplorableModelCache(
            sp.GetRequiredService<ExperimentStore>(),
            sp.GetRequiredService<DatasetCatalog>(),
            sp.GetRequiredService<IOptions<WebOptions>>().Value.ModelCacheSize,
            sp.GetRequiredService<IOptions<WebOptions>>().Value.ModelLoadConcurrency,
            sp.GetRequiredService<ILogger<ExplorableModelCache>>()));
        services.AddScoped<Explorer.ExplorerSession>();
        services.AddHostedService<TorchThreads>();
        return services;
    }

    /// <summary>Sets torch's thread count once at start (training and exploring share the machine).</summary>
    private sealed class TorchThreads(IOptions<StorageOptions> storage) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            TorchRuntime.Configure(storage.Value.TorchThreads);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
