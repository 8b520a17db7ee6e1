using System.CommandLine;
using System.Globalization;
using LatentDash.Jobs.Data;
using LatentDash.Jobs.Queue;
using LatentDash.Models;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Cli;

/// <summary>`sweep`: trains a grid of models (dataset × architecture × β × latent dim) into one run, as train.py did.</summary>
internal static class SweepCommand
{
    private const string OriginalMonitor = "original";

    public static Command Create(IServiceProvider services)
    {
        var run = new Option<string>("--run") { Description = "Run name (folder under experiments/); default sweep-<date>-<time>." };
        var datasets = ListOption<string>("--dataset", "Datasets (comma-separated).", ["fashion"], ListParsing.Strings);
        var architectures = ListOption<string>("--architecture",
            $"Architectures (comma-separated) or 'all': {string.Join(", ", Architectures.Names)}.", ["all"], ListParsing.Strings);
        var betas = ListOption<double>("--beta", "β values (comma-separated).", [2, 4, 8], ListParsing.Doubles);
        var dims = ListOption<int>("--latent-dim", "Latent dimensions (comma-separated).", [4, 10], ListParsing.Integers);
        var classLossWeights = ListOption<double>("--class-loss-weight",
            "Branched VAE: weights of the classifier's cross-entropy in the loss (comma-separated; one model each).", [1], ListParsing.Doubles);
        var defaults = new TrainingOptions();
        var epochs = new Option<int>("--epochs") { Description = "Epochs per model.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var seed = new Option<long>("--seed") { Description = "Seed of weights, shuffling and sampling.", DefaultValueFactory = _ => defaults.Seed };
        var noEarlyStopping = new Option<bool>("--no-early-stopping") { Description = "Train every epoch; no learning-rate decay." };
        var monitor = new Option<string>("--monitor")
        {
            Description = "What early stopping watches: total, kl, class, or original (kl for conditional, class for branched, total otherwise).",
            DefaultValueFactory = _ => "total",
        };
        monitor.AcceptOnlyFromAmong("total", "kl", "class", OriginalMonitor);
        var conditionedDecoder = new Option<bool>("--conditioned-decoder") { Description = "Conditional VAE: the decoder also sees the label." };
        var threads = new Option<int?>("--threads") { Description = "Torch threads per model (default: Storage:TorchThreads, 2, shared among the models trained at once)." };
        var atOnce = new Option<int>("--at-once")
        {
            Description = "Models trained at the same time, each on its own thread (default 1; on 2 cores, 2 at once on one thread each train a sweep about 1.4x faster).",
            DefaultValueFactory = _ => 1,
        };

        var command = new Command("sweep", "Train a grid of models and store them under experiments/<run>/.")
        {
            run, datasets, architectures, betas, dims, classLossWeights, epochs, batch, learningRate, seed, noEarlyStopping, monitor, conditionedDecoder, threads, atOnce,
        };
        command.SetAction(async (parse, ct) =>
        {
            var architectureNames = parse.GetValue(architectures)!;
            if (architectureNames.Any(a => string.Equals(a, "all", StringComparison.OrdinalIgnoreCase)))
            {
                architectureNames = [.. Architectures.Names];
            }

            var monitorChoice = parse.GetValue(monitor)!;
            var spec = new SweepSpec
            {
                Run = parse.GetValue(run) ?? $"sweep-{DateTime.Now.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}",
                Datasets = parse.GetValue(datasets)!,
                Architectures = architectureNames,
                Betas = parse.GetValue(betas)!,
                LatentDims = parse.GetValue(dims)!,
                ConditionedDecoder = parse.GetValue(conditionedDecoder),
                ClassLossWeights = parse.GetValue(classLossWeights)!,
                Training = defaults with
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(learningRate),
                    Seed = parse.GetValue(seed),
                    EarlyStopping = !parse.GetValue(noEarlyStopping),
                    Monitor = monitorChoice == OriginalMonitor ? MonitoredLoss.Total : Enum.Parse<MonitoredLoss>(monitorChoice, ignoreCase: true),
                },
            };
            var errors = spec.Validate().ToList();
            if (parse.GetValue(threads) is { } threadCount && Limits.ThreadsProblem(threadCount) is { } threadProblem)
            {
                errors.Add(threadProblem);
            }

            var concurrent = parse.GetValue(atOnce);
            if (concurrent is < 1 or > QueueOptions.MaxWorkers)
            {
                errors.Add($"--at-once must be in 1..{QueueOptions.MaxWorkers}, got {concurrent}");
            }

            // Refused before the run starts: a grid of models that each fail on the same name helps nobody.
            var catalog = services.GetRequiredService<DatasetCatalog>();
            errors.AddRange(spec.Datasets.Select(catalog.UnavailableProblem).OfType<string>());

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                }

                return 2;
            }

            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            // Models trained at once share the configured threads unless told how many each gets.
            var threadsEach = parse.GetValue(threads) ?? Math.Max(1, storage.TorchThreads / concurrent);
            TorchRuntime.Configure(threadsEach);
            var fetcher = services.GetRequiredService<DatasetFetcher>();
            foreach (var dataset in spec.Datasets.Where(d => BuiltInDatasets.Find(d) is not null))
            {
                await fetcher.EnsureAsync(dataset, ct).ConfigureAwait(false);
            }

            var runner = services.GetRequiredService<ExperimentRunner>();
            var requests = spec.Expand();
            if (monitorChoice == OriginalMonitor)
            {
                requests = [.. requests.Select(r => r with { Training = r.Training with { Monitor = r.Vae.OriginalMonitor } })];
            }

            await Console.Out.WriteLineAsync($"Run {spec.Run}: {requests.Count} models, {spec.Training.Epochs} epoch(s) each").ConfigureAwait(false);
            var failed = 0;
            async Task Train(int i)
            {
                var request = requests[i];
                var label = $"[{i + 1}/{requests.Count}] {request.Vae.Architecture} {request.Vae.Dataset} beta={request.Vae.Beta.ToString(CultureInfo.InvariantCulture)} dim={request.Vae.LatentDim}"
                    + (request.Vae is BranchedVaeConfig branched ? $" class-loss-weight={branched.ClassLossWeight.ToString(CultureInfo.InvariantCulture)}" : "");
                var problems = runner.Validate(request);
                if (problems.Count > 0)
                {
                    Interlocked.Increment(ref failed);
                    await Console.Error.WriteLineAsync($"{label}: {string.Join("; ", problems)}").ConfigureAwait(false);
                    return;
                }

                // One line rewritten in place cannot show several trainings: at once, each reports a line per tenth.
                var progress = new ConsoleProgress(label, rewrite: concurrent == 1);
                try
                {
                    // Training is synchronous native work: on a thread of its own, with its torch threads set there.
                    var stored = await Task.Factory.StartNew(
                        () => BackgroundTraining.Run(() => runner.Run(request, progress, ct), threadsEach, niceness: 0),
                        ct,
                        TaskCreationOptions.LongRunning,
                        TaskScheduler.Default).ConfigureAwait(false);
                    progress.Finish();
                    var v = stored.Summary.Validation;
                    var perEpoch = stored.History.Average(h => h.Seconds);
                    await Console.Out.WriteLineAsync(
                        $"{label}: {stored.Params.Model}  val loss {v.Loss:F2} (rec {v.Reconstruction:F2}, KL {v.Kl:F2}" +
                        (v.ClassLoss is { } c ? $", class {c:F3}, acc {v.Accuracy:P1}" : "") +
                        $")  {perEpoch:F1} s/epoch").ConfigureAwait(false);
                }
                catch (TrainingDivergedException ex)
                {
                    progress.Finish();
                    Interlocked.Increment(ref failed);
                    await Console.Error.WriteLineAsync($"{label}: failed: {ex.Message}").ConfigureAwait(false);
                }
            }

            await Parallel.ForEachAsync(
                Enumerable.Range(0, requests.Count),
                new ParallelOptions { MaxDegreeOfParallelism = concurrent, CancellationToken = ct },
                async (i, _) => await Train(i).ConfigureAwait(false)).ConfigureAwait(false);

            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static Option<T[]> ListOption<T>(string name, string description, T[] defaults, Func<System.CommandLine.Parsing.ArgumentResult, T[]> parser) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaults,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = r => parser(r),
    };
}
