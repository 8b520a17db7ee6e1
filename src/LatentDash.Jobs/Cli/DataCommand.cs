using System.CommandLine;
using LatentDash.Jobs.Data;
using LatentDash.Models.Data;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Jobs.Cli;

/// <summary>`data fetch`: puts the built-in datasets in their official splits under data/ (see <see cref="DatasetFetcher"/>),
/// once, and says which split and source each has.</summary>
internal static class DataCommand
{
    public static Command Create(IServiceProvider services)
    {
        var dataset = new Option<string[]>("--dataset")
        {
            Description = "Built-in datasets to fetch: " + string.Join(", ", BuiltInDatasets.All.Select(d => d.Name)),
            DefaultValueFactory = _ => [.. BuiltInDatasets.All.Select(d => d.Name)],
            AllowMultipleArgumentsPerToken = true,
            CustomParser = r => ListParsing.Strings(r),
        };
        dataset.Validators.Add(r =>
        {
            foreach (var name in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (BuiltInDatasets.Find(name) is null)
                {
                    r.AddError($"'{name}' is not a built-in dataset; known: {string.Join(", ", BuiltInDatasets.All.Select(d => d.Name))}");
                }
            }
        });
        var fetch = new Command("fetch", "Fetch the built-in datasets in their official splits into data/<name>/ (idempotent; moves folders of the old seeded split).") { dataset };
        fetch.SetAction(async (parse, ct) =>
        {
            var fetcher = services.GetRequiredService<DatasetFetcher>();
            foreach (var name in parse.GetValue(dataset)!)
            {
                var started = DateTime.UtcNow;
                var directory = await fetcher.EnsureAsync(name, ct).ConfigureAwait(false);
                var manifest = DatasetManifest.Load(directory);
                await Console.Out.WriteLineAsync(
                    $"{name}: {directory}, {DatasetSplits.Label(manifest.SplitOrInferred)} from {manifest.SourceOrInferred ?? "an unrecorded source"} ({(DateTime.UtcNow - started).TotalSeconds:F1} s)")
                    .ConfigureAwait(false);
            }

            return 0;
        });
        return new Command("data", "Datasets.") { fetch };
    }
}
