using LatentDash.Jobs.Data;
using LatentDash.Jobs.Indexing;
using LatentDash.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs;

/// <summary>Registers what turns requests into work: the dataset fetcher (and, with the queue, the job classes).</summary>
public static class Extensions
{
    public static IServiceCollection AddLatentJobs(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new DatasetFetcher(
                Path.GetFullPath(storage.DataRoot),
                Path.GetFullPath(storage.CacheRoot),
                sp.GetRequiredService<ILogger<DatasetFetcher>>());
        });
        services.AddHostedService<IndexSynchronizer>();
        return services;
    }
}
