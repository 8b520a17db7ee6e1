using LatentDash.Models.Experiments;

namespace LatentDash.Jobs.Tests.Runs.Fakes;

/// <summary>An index that remembers which models it was told about and forgets those whose folder is gone when it is
/// synchronised: enough to see whether the tracker indexed a model or had it dropped.</summary>
internal sealed class RecordingIndex(ExperimentStore store) : IExperimentIndex
{
    public HashSet<(string Run, string Model)> Models { get; } = [];

    public ExperimentEntry Add(string run, string model)
    {
        Models.Add((run, model));
        return new ExperimentEntry { Run = run, Model = model };
    }

    public IndexSyncResult Synchronize()
    {
        Models.RemoveWhere(m => !store.Exists(m.Run, m.Model));
        return new IndexSyncResult(0, 0, 0, 0);
    }

    public IndexSyncResult Rebuild() => Synchronize();

    public ExperimentEntry? Find(string run, string model) => Models.Contains((run, model)) ? new ExperimentEntry { Run = run, Model = model } : null;

    public IReadOnlyList<ExperimentEntry> Query(ExperimentQuery query) => [];
}
