namespace LatentDash.Models.Experiments;

/// <summary>What a synchronisation of the index did.</summary>
public sealed record IndexSyncResult(int Added, int Updated, int Removed, int Unchanged)
{
    public bool Changed => Added + Updated + Removed > 0;

    /// <summary>The folders read in this pass that are broken (new ones, or rewritten and still broken), with their
    /// reason in <see cref="ExperimentEntry.Error"/>; an unchanged broken folder is not read, so not repeated.</summary>
    public IReadOnlyList<ExperimentEntry> Broken { get; init; } = [];

    /// <summary>Equal counts and the same broken folders (by id and reason), whatever list holds them.</summary>
    public bool Equals(IndexSyncResult? other) =>
        other is not null
        && (Added, Updated, Removed, Unchanged) == (other.Added, other.Updated, other.Removed, other.Unchanged)
        && Broken.Select(e => (e.Id, e.Error)).SequenceEqual(other.Broken.Select(e => (e.Id, e.Error)));

    public override int GetHashCode() => HashCode.Combine(Added, Updated, Removed, Unchanged, Broken.Count);
}
