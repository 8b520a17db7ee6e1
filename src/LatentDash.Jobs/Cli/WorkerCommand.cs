using System.CommandLine;
using System.Globalization;
using LatentDash.Jobs.Queue;
using LatentDash.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LatentDash.Jobs.Cli;

/// <summary>`worker`: works the shared queue (Hangfire on PostgreSQL) until stopped, training into the shared
/// experiments folder. The web process owns the run records and the index; start as many workers as there are
/// machines (or cores to spare).</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres") { Description = "Connection string of the queue's PostgreSQL database (default: Queue:ConnectionString)." };
        var schema = new Option<string?>("--schema") { Description = "Schema of Hangfire's tables (default: hangfire)." };
        var workers = new Option<int?>("--workers") { Description = "Models trained at once by this process (default: 1)." };
        var threads = new Option<int?>("--threads") { Description = "Torch threads per training (default: 2)." };
        var experiments = new Option<string?>("--experiments") { Description = "The shared experiments folder (default: Storage:ExperimentsRoot)." };
        var data = new Option<string?>("--data") { Description = "The datasets folder (default: Storage:DataRoot)." };
        postgres.Validators.Add(r =>
        {
            if (ConnectionStringProblem(r.GetValueOrDefault<string?>()) is { } problem)
            {
                r.AddError(problem);
            }
        });
        workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n and (< 1 or > QueueOptions.MaxWorkers))
            {
                r.AddError($"--workers must be in 1..{QueueOptions.MaxWorkers}, got {n}");
            }
        });
        threads.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n && Limits.ThreadsProblem(n) is { } problem)
            {
                r.AddError($"--{problem}");
            }
        });
        var command = new Command("worker", "Train queued runs from the shared PostgreSQL queue until stopped (Ctrl+C).")
        {
            postgres, schema, workers, threads, experiments, data,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Queue:Storage"] = "PostgreSql",
            };
            void Set(string key, string? value)
            {
                if (value is not null)
                {
                    settings[key] = value;
                }
            }

            Set("Queue:ConnectionString", parse.GetValue(postgres));
            Set("Queue:Schema", parse.GetValue(schema));
            Set("Queue:Workers", parse.GetValue(workers)?.ToString(CultureInfo.InvariantCulture));
            Set("Queue:TrainingThreads", parse.GetValue(threads)?.ToString(CultureInfo.InvariantCulture));
            Set("Storage:ExperimentsRoot", parse.GetValue(experiments));
            Set("Storage:DataRoot", parse.GetValue(data));

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                ContentRootPath = Directory.GetCurrentDirectory(),
            });
            builder.Configuration.AddEnvironmentVariables("LATENTDASH_");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
            builder.Services.AddLatentModels().AddLatentJobs().AddLatentWorker();
            if (string.IsNullOrWhiteSpace(builder.Configuration["Queue:ConnectionString"]))
            {
                await Console.Error.WriteLineAsync(
                    "error: the worker needs the queue's PostgreSQL database: --postgres \"Host=…;Username=…;Password=…;Database=…\" " +
                    "(or Queue__ConnectionString in the environment)").ConfigureAwait(false);
                return 2;
            }

            if (builder.Configuration["Queue:Workers"] is { } configured
                && int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var trainings) && trainings == 0)
            {
                // 0 is a web process's setting (it only enqueues); a worker with it would wait on the queue and train nothing.
                await Console.Error.WriteLineAsync(
                    $"error: Queue:Workers is 0, so this worker would train nothing: set it (or --workers) to 1..{QueueOptions.MaxWorkers}").ConfigureAwait(false);
                return 2;
            }

            try
            {
                using var host = builder.Build();
                await host.RunAsync(ct).ConfigureAwait(false);
                return 0;
            }
            catch (OptionsValidationException ex)
            {
                // A setting from the environment or appsettings that the options refuse (the flags were checked above).
                foreach (var failure in ex.Failures.Take(Limits.MaxMessagesPerField))
                {
                    await Console.Error.WriteLineAsync($"error: {failure}").ConfigureAwait(false);
                }

                return 2;
            }
            catch (NpgsqlException ex)
            {
                await Console.Error.WriteLineAsync($"error: the queue's database cannot be reached: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Why <paramref name="connectionString"/> is not a PostgreSQL connection string (null: it is, or none was given).</summary>
    internal static string? ConnectionStringProblem(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? "--postgres names no Host (e.g. \"Host=db;Username=…;Password=…;Database=…\")" : null;
        }
        catch (ArgumentException ex)
        {
            return $"--postgres is not a PostgreSQL connection string: {ex.Message}";
        }
    }
}
