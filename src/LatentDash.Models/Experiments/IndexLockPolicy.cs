namespace LatentDash.Models.Experiments;

/// <summary>What a process does when another one owns the index database: chosen at registration by the host.</summary>
public enum IndexLockPolicy
{
    /// <summary>A host that keeps state (the dashboard): wait for the owner to finish, then refuse to start, naming it.
    /// Accepting work into a private copy would lose it at the next restart.</summary>
    WaitThenRefuse,

    /// <summary>A short-lived command (the CLI): use a private in-memory index built from the folders, and say so.
    /// The folders it writes are the truth; the owner's index picks them up at its next sync.</summary>
    FallBackToMemory,
}
