using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LatentDash.Models.Experiments;
using LatentDash.Models.Storage;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Runs;

/// <summary>A copy of every training record as a small JSON file beside the experiments
/// (experiments/.trainings/&lt;id&gt;.json, written atomically), so that a lost or corrupt LiteDB file loses no
/// training: <see cref="RestoreInto"/> puts back what the database lacks. The loss curve is left out (it is most of a
/// record and only a live page needs it); the epoch history stays.</summary>
public sealed partial class TrainingJournal(ExperimentStore store, ILogger<TrainingJournal> logger)
{
    /// <summary>The folder under the experiments root; a dot keeps it out of the run listing.</summary>
    public const string FolderName = ".trainings";

    private const string Extension = ".json";
    private const string TempExtension = ".tmp";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Folder { get; } = Path.Combine(store.Root, FolderName);

    /// <summary>Writes the record's file. A failure is logged, not thrown: the database still holds the record, and
    /// the next change writes the file again.</summary>
    public void Write(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!ExperimentNames.IsValid(record.Id))
        {
            return; // ids are made here and always valid; a name that could escape the folder is never a path
        }

        try
        {
            var node = JsonSerializer.SerializeToNode(record, Options)!.AsObject();
            if (node["Report"] is JsonObject report)
            {
                report.Remove(nameof(TrainingReport.Curve));
            }

            Directory.CreateDirectory(Folder);
            AtomicFiles.WriteAllBytes(Path.Combine(Folder, record.Id + Extension), JsonSerializer.SerializeToUtf8Bytes(node, Options));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(record.Id, ex);
        }
    }

    /// <summary>Inserts into <paramref name="trainings"/> every record that has a file and no document (the database was
    /// lost, or moved aside as corrupt); returns them. Unreadable files are logged and skipped; leftovers of an
    /// interrupted write are removed.</summary>
    public IReadOnlyList<TrainingRecord> RestoreInto(TrainingRepository trainings)
    {
        ArgumentNullException.ThrowIfNull(trainings);
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var restored = new List<TrainingRecord>();
        foreach (var file in Directory.EnumerateFiles(Folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(TempExtension, StringComparison.Ordinal))
            {
                TryDelete(file);
                continue;
            }

            var id = Path.GetFileNameWithoutExtension(name);
            if (!name.EndsWith(Extension, StringComparison.Ordinal) || trainings.Contains(id))
            {
                continue;
            }

            try
            {
                var record = JsonSerializer.Deserialize<TrainingRecord>(File.ReadAllBytes(file), Options);
                if (record is null || record.Id != id)
                {
                    LogUnreadable(file, "the file does not hold the training its name says");
                    continue;
                }

                restored.Add(record);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                LogUnreadable(file, ex.Message);
            }
        }

        if (restored.Count > 0)
        {
            trainings.Insert(restored);
            LogRestored(restored.Count, Folder);
        }

        return restored;
    }

    // Temp file, flushed to the disk, then renamed over the old one: a crash leaves the old file or the new one, never
    // half of one. To be swapped for the shared fsync'ing atomic-write helper of LatentDash.Models (which also syncs
    // the directory) once both branches are merged.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a leftover that cannot be removed now is tried again at the next start
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training {TrainingId}: its record could not be written beside the experiments")]
    private partial void LogWriteFailed(string trainingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training record {File} is unreadable and was skipped: {Reason}")]
    private partial void LogUnreadable(string file, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} training record(s) missing from the database were restored from {Folder}")]
    private partial void LogRestored(int count, string folder);
}
