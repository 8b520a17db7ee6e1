using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LatentDash.Models;

/// <summary>Registers the machine-learning core: datasets, trainer, experiment store and its LiteDB index.</summary>
public static class Extensions
{
    public static IServiceCollection AddLatentModels(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration("Storage")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new DatasetCatalog(Path.GetFullPath(Options(sp).DataRoot)));
        services.AddSingleton(sp => new ExperimentStore(Options(sp).ExperimentsRoot));
        services.AddSingleton<ILiteDatabase>(sp => IndexDatabase.Open(Options(sp).DatabasePath, out _));
        services.AddSingleton<IExperimentIndex, LiteDbExperimentIndex>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<VaeTrainer>();
        services.AddSingleton<ExperimentRunner>();
        return services;
    }

    private static StorageOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
