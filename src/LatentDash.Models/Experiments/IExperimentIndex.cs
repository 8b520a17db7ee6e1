namespace LatentDash.Models.Experiments;

/// <summary>The searchable index of model folders. The folders are the truth: the index can always be rebuilt.</summary>
public interface IExperimentIndex
{
    /// <summary>Brings the index in line with the folders: adds new models, refreshes changed ones, drops gone ones.</summary>
    IndexSyncResult Synchronize();

    /// <summary>Drops everything and indexes every folder again.</summary>
    IndexSyncResult Rebuild();

    /// <summary>Indexes (or re-indexes) one model folder, e.g. right after it was written.</summary>
    ExperimentEntry Add(string run, string model);

    ExperimentEntry? Find(string run, string model);

    /// <summary>Models matching the query, newest first.</summary>
    IReadOnlyList<ExperimentEntry> Query(ExperimentQuery query);
}
