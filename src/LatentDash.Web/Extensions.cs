using LatentDash.Models;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;
using LatentDash.Web.Security;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LatentDash.Web;

/// <summary>Registers the dashboard: MudBlazor, the explorable-model cache, the web options and its security.</summary>
public static class Extensions
{
    public static IServiceCollection AddLatentWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration("Web").ValidateDataAnnotations().ValidateOnStart();
        services.AddMudServices();
        services.AddHttpContextAccessor(); // the form counts its circuit's remote address against the per-client cap
        services.AddSingleton(sp => new ExplorableModelCache(
            sp.GetRequiredService<ExperimentStore>(),
            sp.GetRequiredService<DatasetCatalog>(),
            sp.GetRequiredService<IOptions<WebOptions>>().Value.ModelCacheSize,
            sp.GetRequiredService<IOptions<WebOptions>>().Value.ModelLoadConcurrency,
            sp.GetRequiredService<ILogger<ExplorableModelCache>>()));
        services.AddScoped<Explorer.ExplorerSession>();
        services.AddHostedService<TorchThreads>();
        services.AddHostedService<StartupWarmUp>();
        services.AddLatentSecurity();
        return services;
    }

    /// <summary>Reads appsettings*.json from the app's own folder when it is started from elsewhere (run.sh starts it
    /// from the repository root), so settings placed there always apply. Only the settings files move: the content
    /// root stays the working directory, from which relative Storage paths are taken.</summary>
    public static WebApplicationBuilder ReadSettingsBesideTheApp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var own = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) ||
            !File.Exists(Path.Combine(own, "appsettings.json")))
        {
            return builder;
        }

        var sources = builder.Configuration.Sources.ToList();
        var files = new PhysicalFileProvider(own);
        foreach (var json in sources.OfType<JsonConfigurationSource>()
                     .Where(s => s.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true))
        {
            json.FileProvider = files;
        }

        // Re-adding the sources in their order rebuilds the providers: environment and command line still win.
        builder.Configuration.Sources.Clear();
        foreach (var source in sources)
        {
            builder.Configuration.Sources.Add(source);
        }

        return builder;
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
