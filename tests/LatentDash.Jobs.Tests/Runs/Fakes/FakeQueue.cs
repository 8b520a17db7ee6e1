using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace LatentDash.Jobs.Tests.Runs.Fakes;

/// <summary>A queue whose jobs are entries in a dictionary: the tracker reads them through a real
/// <see cref="IStorageConnection"/> shape, and a test sets each job's state, report and existence by hand.</summary>
internal sealed class FakeQueue : JobStorage, IBackgroundJobClientV2
{
    private int next;

    public Dictionary<string, FakeJob> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>How many storage connections were opened (one per tracker pass is expected).</summary>
    public int Connections { get; private set; }

    /// <summary>Called on each state or parameter read: lets a test act "during" a storage round trip.</summary>
    public Action<string>? OnRead { get; set; }

    public JobStorage Storage => this;

    public string Create(Job job, IState state) => Create(job, state, new Dictionary<string, object>());

    public string Create(Job job, IState state, IDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = $"job-{++next}";
        Jobs[id] = new FakeJob(job, state.Name, parameters.ToDictionary(p => p.Key, p => SerializationHelper.Serialize(p.Value), StringComparer.Ordinal));
        return id;
    }

    public bool ChangeState(string jobId, IState state, string expectedState)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Jobs.TryGetValue(jobId, out var job))
        {
            return false;
        }

        job.State = state.Name;
        return true;
    }

    public void Set(string jobId, string state, IDictionary<string, string>? data = null)
    {
        Jobs[jobId].State = state;
        Jobs[jobId].StateData = data is null ? new(StringComparer.Ordinal) : new(data, StringComparer.Ordinal);
    }

    /// <summary>Publishes a report as the job does (a JSON string, serialised as a job parameter).</summary>
    public void Report(string jobId, string reportJson) =>
        Jobs[jobId].Parameters[LatentDash.Jobs.Runs.TrainModelJob.ReportParameter] = SerializationHelper.Serialize(reportJson);

#pragma warning disable CS0618 // the abstract members of JobStorage
    public override IMonitoringApi GetMonitoringApi() => throw new NotSupportedException();
#pragma warning restore CS0618

    public override IStorageConnection GetConnection()
    {
        Connections++;
        return new Connection(this);
    }

    internal sealed class FakeJob(Job job, string state, Dictionary<string, string> parameters)
    {
        public Job Job { get; } = job;

        public string State { get; set; } = state;

        public Dictionary<string, string> StateData { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Parameters { get; } = parameters;
    }

    private sealed class Connection(FakeQueue queue) : JobStorageConnection
    {
        public override JobData? GetJobData(string jobId) =>
            queue.Jobs.TryGetValue(jobId, out var job) ? new JobData { Job = job.Job, State = job.State, CreatedAt = DateTime.UtcNow } : null;

        public override StateData? GetStateData(string jobId)
        {
            queue.OnRead?.Invoke(jobId);
            return queue.Jobs.TryGetValue(jobId, out var job) ? new StateData { Name = job.State, Data = job.StateData } : null;
        }

        public override string? GetJobParameter(string id, string name) =>
            queue.Jobs.TryGetValue(id, out var job) && job.Parameters.TryGetValue(name, out var value) ? value : null;

        public override void SetJobParameter(string id, string name, string value) => queue.Jobs[id].Parameters[name] = value;

        public override IWriteOnlyTransaction CreateWriteTransaction() => throw new NotSupportedException();

        public override IDisposable AcquireDistributedLock(string resource, TimeSpan timeout) => throw new NotSupportedException();

        public override string CreateExpiredJob(Job job, IDictionary<string, string> parameters, DateTime createdAt, TimeSpan expireIn) => throw new NotSupportedException();

        public override IFetchedJob FetchNextJob(string[] queues, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override void AnnounceServer(string serverId, ServerContext context) => throw new NotSupportedException();

        public override void RemoveServer(string serverId) => throw new NotSupportedException();

        public override void Heartbeat(string serverId) => throw new NotSupportedException();

        public override int RemoveTimedOutServers(TimeSpan timeOut) => throw new NotSupportedException();

        public override HashSet<string> GetAllItemsFromSet(string key) => throw new NotSupportedException();

        public override string GetFirstByLowestScoreFromSet(string key, double fromScore, double toScore) => throw new NotSupportedException();

        public override void SetRangeInHash(string key, IEnumerable<KeyValuePair<string, string>> keyValuePairs) => throw new NotSupportedException();

        public override Dictionary<string, string> GetAllEntriesFromHash(string key) => throw new NotSupportedException();
    }
}
