using LiteDB;

namespace LatentDash.Jobs.Runs;

/// <summary>Training records in the LiteDB file the process owns. The collection keeps its first name, "runs", and the
/// records their field names, so databases written before the word "training" still open.</summary>
public sealed class TrainingRepository
{
    /// <summary>Page sizes above this are refused: a page is what one screen or one API call shows.</summary>
    public const int MaxPageSize = 200;

    // A listing carries what a table row shows: no request JSON, no loss curve, no epoch history (those are most of
    // a record's bytes and only the page of one training needs them).
    private static readonly string[] SummaryFields =
    [
        "_id", nameof(TrainingRecord.Submission), nameof(TrainingRecord.Run), nameof(TrainingRecord.Model),
        nameof(TrainingRecord.Dataset), nameof(TrainingRecord.Architecture), nameof(TrainingRecord.Beta),
        nameof(TrainingRecord.LatentDim), nameof(TrainingRecord.Epochs), nameof(TrainingRecord.BatchSize),
        nameof(TrainingRecord.LearningRate), nameof(TrainingRecord.Seed), nameof(TrainingRecord.EarlyStopping),
        nameof(TrainingRecord.Status), nameof(TrainingRecord.JobId), nameof(TrainingRecord.Attempt),
        nameof(TrainingRecord.SubmittedAt), nameof(TrainingRecord.StartedAt), nameof(TrainingRecord.FinishedAt),
        nameof(TrainingRecord.CancelRequestedAt), nameof(TrainingRecord.Error), nameof(TrainingRecord.Client),
        nameof(TrainingRecord.HeartbeatAt), nameof(TrainingRecord.ValidationLoss), nameof(TrainingRecord.ValidationAccuracy),
    ];

    private static readonly string[] ReportSummaryFields =
    [
        nameof(TrainingReport.Epoch), nameof(TrainingReport.Epochs), nameof(TrainingReport.Step),
        nameof(TrainingReport.StepsPerEpoch), nameof(TrainingReport.Fraction), nameof(TrainingReport.ImagesPerSecond),
        nameof(TrainingReport.ElapsedSeconds), nameof(TrainingReport.EtaSeconds), nameof(TrainingReport.CancelledAtStep),
        nameof(TrainingReport.StoppedAtStep), nameof(TrainingReport.Worker), nameof(TrainingReport.UpdatedAt),
    ];

    private static readonly BsonExpression Summary = BsonExpression.Create(
        "{ " + string.Join(", ", SummaryFields.Select(f => $"{f}: $.{f}")) + ", Report: { " +
        string.Join(", ", ReportSummaryFields.Select(f => $"{f}: $.Report.{f}")) + " } }");

    private readonly ILiteCollection<TrainingRecord> trainings;
    private readonly BsonMapper mapper;

    public TrainingRepository(ILiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        mapper = database.Mapper;
        trainings = database.GetCollection<TrainingRecord>("runs");
        trainings.EnsureIndex(r => r.Submission);
        trainings.EnsureIndex(r => r.Status);
        trainings.EnsureIndex(r => r.Client);
        trainings.EnsureIndex(r => r.FinishedAt);
    }

    public void Insert(IEnumerable<TrainingRecord> records) => trainings.InsertBulk(records);

    public void Update(TrainingRecord record) => trainings.Update(record);

    public bool Contains(string id) => trainings.Exists(Query.EQ("_id", id));

    public TrainingRecord? Get(string id) => string.IsNullOrEmpty(id) ? null : trainings.FindById(id);

    public IReadOnlyList<TrainingRecord> OfSubmission(string submission) =>
        [.. trainings.Find(r => r.Submission == submission).OrderBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Trainings that are queued or running, oldest first (what the tracker reads twice a second: only these
    /// documents are loaded, through the status index; enums are stored by name).</summary>
    public IReadOnlyList<TrainingRecord> Active() =>
        [.. trainings.Find(ActiveQuery()).OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Trainings cancelled since <paramref name="since"/> (through the index on the finishing time, so only the
    /// recent ones are read).</summary>
    public IReadOnlyList<TrainingRecord> CancelledSince(DateTime since) =>
        [.. trainings.Find(Query.GT(nameof(TrainingRecord.FinishedAt), since)).Where(r => r.Status == TrainingStatus.Cancelled)];

    /// <summary>Whether a training other than <paramref name="record"/>, not cancelled, has the same run and model
    /// (read only when a cancelled training's model folder exists, which is rare: no index needed).</summary>
    public bool OwnsModelElsewhere(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return trainings.Exists(r => r.Run == record.Run && r.Model == record.Model && r.Id != record.Id && r.Status != TrainingStatus.Cancelled);
    }

    /// <summary>How many trainings are queued or running.</summary>
    public int CountActive() => trainings.Count(ActiveQuery());

    /// <summary>How many trainings <paramref name="client"/> has queued or running.</summary>
    public int CountActive(string client) => trainings.Count(Query.And(Query.EQ(nameof(TrainingRecord.Client), client), ActiveQuery()));

    /// <summary>How many trainings there are, of one status when given.</summary>
    public int Count(TrainingStatus? status = null) =>
        status is { } s ? trainings.Count(Query.EQ(nameof(TrainingRecord.Status), s.ToString())) : trainings.Count();

    /// <summary>One page of trainings, newest submission first (ids begin with the submission's time), as summaries:
    /// the report keeps its progress but not its curve or history. Filters by status and submission when given.</summary>
    public TrainingPage Page(int offset, int limit, TrainingStatus? status = null, string? submission = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var query = trainings.Query();
        if (status is { } s)
        {
            query = query.Where(Query.EQ(nameof(TrainingRecord.Status), s.ToString()));
        }

        if (submission is not null)
        {
            query = query.Where(Query.EQ(nameof(TrainingRecord.Submission), submission));
        }

        var total = query.Count();
        var items = query.OrderByDescending("_id").Select(Summary).Offset(offset).Limit(limit).ToDocuments()
            .Select(ToSummary).ToList();
        return new TrainingPage(items, total);
    }

    private TrainingRecord ToSummary(BsonDocument document)
    {
        // Absent report fields come out as nulls; the mapper cannot put a null into an int, and a record that has no
        // report yet must keep none.
        var report = document["Report"].AsDocument;
        foreach (var key in report.Keys.Where(k => report[k].IsNull).ToList())
        {
            report.Remove(key);
        }

        if (report.Count == 0)
        {
            document.Remove("Report");
        }

        foreach (var key in document.Keys.Where(k => document[k].IsNull).ToList())
        {
            document.Remove(key);
        }

        return mapper.ToObject<TrainingRecord>(document);
    }

    private static BsonExpression ActiveQuery() =>
        Query.In(nameof(TrainingRecord.Status), nameof(TrainingStatus.Queued), nameof(TrainingStatus.Running));
}
