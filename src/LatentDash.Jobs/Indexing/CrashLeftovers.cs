using LatentDash.Jobs.Data;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Jobs.Indexing;

/// <summary>What a crashed process leaves: temporary model folders (experiments/&lt;run&gt;/.tmp-*), temporary and
/// replaced dataset folders (data/.&lt;name&gt;…tmp|old) and package extractions (.cache/.extract-*). Every start
/// (dashboard and CLI) removes those whose writer on this host has ended; a live writer's stay.</summary>
public static class CrashLeftovers
{
    /// <summary>Removes the leftovers of every storage folder; returns how many.</summary>
    public static int RemoveAll(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var age = Leftovers.ForeignMinimumAge;
        return services.GetRequiredService<ExperimentStore>().RemoveLeftovers(age)
            + services.GetRequiredService<DatasetCatalog>().RemoveLeftovers(age)
            + services.GetRequiredService<DatasetFetcher>().RemoveLeftovers(age);
    }
}
