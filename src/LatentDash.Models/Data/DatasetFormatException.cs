namespace LatentDash.Models.Data;

/// <summary>A dataset file is missing or not what it should be; the message names the file and the problem.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException()
    {
    }

    public DatasetFormatException(string message) : base(message)
    {
    }

    public DatasetFormatException(string message, Exception inner) : base(message, inner)
    {
    }

    public DatasetFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner) => FilePath = filePath;

    public string? FilePath { get; }
}
