namespace LatentDash.Models.Experiments;

/// <summary>The state of an indexed model folder.</summary>
public enum ExperimentStatus
{
    /// <summary>All files present and readable.</summary>
    Complete,

    /// <summary>The folder exists but a file is missing or unreadable; the entry says why.</summary>
    Broken,
}
