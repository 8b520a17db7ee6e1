namespace LatentDash.Jobs.Data;

/// <summary>The official IDX files of a dataset cannot be had on this machine (no apt, no package lists, no such
/// package); the message says why and what would help. The fetcher then falls back to the dataset's npm pool.</summary>
internal sealed class OfficialFilesUnavailableException : Exception
{
    public OfficialFilesUnavailableException()
    {
    }

    public OfficialFilesUnavailableException(string message) : base(message)
    {
    }

    public OfficialFilesUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
