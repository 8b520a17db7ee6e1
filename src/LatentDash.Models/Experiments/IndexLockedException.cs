namespace LatentDash.Models.Experiments;

/// <summary>The index database belongs to another running process; the message names it and says what to do.</summary>
public sealed class IndexLockedException : IOException
{
    public IndexLockedException()
    {
    }

    public IndexLockedException(string message)
        : base(message)
    {
    }

    public IndexLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
