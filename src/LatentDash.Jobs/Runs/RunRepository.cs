using LiteDB;

namespace LatentDash.Jobs.Runs;

/// <summary>Run records in the LiteDB file the process owns (collection "runs").</summary>
public sealed class RunRepository
{
    private readonly ILiteCollection<RunRecord> runs;

    public RunRepository(ILiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        runs = database.GetCollection<RunRecord>("runs");
        runs.EnsureIndex(r => r.Submission);
        runs.EnsureIndex(r => r.Status);
    }

    public void Insert(IEnumerable<RunRecord> records) => runs.InsertBulk(records);

    public void Update(RunRecord record) => runs.Update(record);

    public IReadOnlyList<RunRecord> OfSubmission(string submission) =>
        [.. runs.Find(r => r.Submission == submission).OrderBy(r => r.Id, StringComparer.Ordinal)];

    public RunRecord? Get(string id) => string.IsNullOrEmpty(id) ? null : runs.FindById(id);

    /// <summary>Every run, newest first.</summary>
    public IReadOnlyList<RunRecord> All() =>
        [.. runs.FindAll().OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Runs that are queued or running, oldest first (what the monitor reads twice a second: only these
    /// documents are loaded, through the status index; enums are stored by name).</summary>
    public IReadOnlyList<RunRecord> Active() =>
        [.. runs.Find(Query.In(nameof(RunRecord.Status), nameof(RunStatus.Queued), nameof(RunStatus.Running)))
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
}
