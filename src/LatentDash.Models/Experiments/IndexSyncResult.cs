namespace LatentDash.Models.Experiments;

/// <summary>What a synchronisation of the index did.</summary>
public sealed record IndexSyncResult(int Added, int Updated, int Removed, int Unchanged)
{
    public bool Changed => Added + Updated + Removed > 0;
}
