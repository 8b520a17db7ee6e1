using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LatentDash.Models;

/// <summary>Registers the machine-learning core: datasets, trainer, experiment store and its LiteDB index.</summary>
public static class Extensions
{
    /// <param name="services">The host's services.</param>
    /// <param name="lockPolicy">What to do when another process owns the index database: a host that accepts work
    /// waits and then refuses to start (the default); only the CLI passes <see cref="IndexLockPolicy.FallBackToMemory"/>.</param>
    public static IServiceCollection AddLatentModels(this IServiceCollection services, IndexLockPolicy lockPolicy = IndexLockPolicy.WaitThenRefuse)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration("Storage")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new DatasetCatalog(Path.GetFullPath(Options(sp).DataRoot)));
        services.AddSingleton(sp => new ExperimentStore(Options(sp).ExperimentsRoot));
        // Opened (waiting for the lock, repairing a damaged file) when first resolved: the hosted services that use
        // it resolve it in their constructors, so this happens before any of them starts.
        services.AddSingleton(sp => IndexDatabase.Open(
            Options(sp).DatabasePath,
            lockPolicy,
            TimeSpan.FromSeconds(Options(sp).IndexLockWaitSeconds),
            sp.GetService<ILogger<IndexDatabase>>() ?? NullLogger<IndexDatabase>.Instance));
        services.AddSingleton<ILiteDatabase>(sp => sp.GetRequiredService<IndexDatabase>().Database);
        services.AddSingleton<IExperimentIndex, LiteDbExperimentIndex>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<VaeTrainer>();
        services.AddSingleton<ExperimentRunner>();
        return services;
    }

    private static StorageOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
