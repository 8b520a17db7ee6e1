using LiteDB;

namespace LatentDash.Models.Experiments;

/// <summary>The experiment index in a LiteDB collection. One process owns the database file (the web app, or the CLI
/// when no web app runs), through one <see cref="ILiteDatabase"/>.</summary>
public sealed class LiteDbExperimentIndex : IExperimentIndex
{
    private const string CollectionName = "experiments";
    private readonly ExperimentStore store;
    private readonly ILiteCollection<ExperimentEntry> entries;
    private readonly Lock gate = new();

    public LiteDbExperimentIndex(ExperimentStore store, ILiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        entries = database.GetCollection<ExperimentEntry>(CollectionName);
        entries.EnsureIndex(e => e.Run);
        entries.EnsureIndex(e => e.Dataset);
        entries.EnsureIndex(e => e.Architecture);
    }

    public IndexSyncResult Synchronize()
    {
        lock (gate)
        {
            var known = entries.FindAll().ToDictionary(e => e.Id, StringComparer.Ordinal);
            var removed = 0;
            int added = 0, updated = 0, unchanged = 0;
            var broken = new List<ExperimentEntry>();
            foreach (var (run, model, directory) in store.EnumerateModels())
            {
                var id = Id(run, model);
                var existing = known.GetValueOrDefault(id);
                known.Remove(id);
                if (existing is not null && existing.Stamp == ExperimentEntryFactory.Stamp(directory)
                    && existing.Version == ExperimentEntry.CurrentVersion)
                {
                    unchanged++;
                    continue;
                }

                var entry = ExperimentEntryFactory.FromFolder(run, model, directory);
                if (entry.Status == ExperimentStatus.Broken && !Directory.Exists(directory))
                {
                    // Deleted while listed: it is gone, not broken.
                    if (existing is not null && entries.Delete(id))
                    {
                        removed++;
                    }

                    continue;
                }

                if (existing is null)
                {
                    added++;
                }
                else
                {
                    updated++;
                }

                entries.Upsert(entry);
                if (entry.Status == ExperimentStatus.Broken)
                {
                    broken.Add(entry);
                }
            }

            foreach (var gone in known.Keys)
            {
                entries.Delete(gone);
            }

            return new IndexSyncResult(added, updated, removed + known.Count, unchanged) { Broken = broken };
        }
    }

    public IndexSyncResult Rebuild()
    {
        lock (gate)
        {
            entries.DeleteAll();
            return Synchronize();
        }
    }

    public ExperimentEntry Add(string run, string model)
    {
        var directory = store.ModelDirectory(run, model);
        var entry = ExperimentEntryFactory.FromFolder(run, model, directory);
        lock (gate)
        {
            entries.Upsert(entry);
        }

        return entry;
    }

    public ExperimentEntry? Find(string run, string model) =>
        ExperimentNames.IsValid(run) && ExperimentNames.IsValid(model) ? entries.FindById(Id(run, model)) : null;

    public IReadOnlyList<ExperimentEntry> Query(ExperimentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = entries.Query();
        if (query.Run is not null)
        {
            q = q.Where(e => e.Run == query.Run);
        }

        if (query.Dataset is not null)
        {
            q = q.Where(e => e.Dataset == query.Dataset);
        }

        if (query.Architecture is not null)
        {
            q = q.Where(e => e.Architecture == query.Architecture);
        }

        return q.ToList()
            .Where(query.MatchesHyperparameters)
            .OrderByDescending(e => e.Created)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static string Id(string run, string model) => $"{run}/{model}";
}
