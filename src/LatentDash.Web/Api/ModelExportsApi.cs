using System.Text;
using LatentDash.Models.Exports;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LatentDash.Web.Api;

/// <summary>Downloads of a trained model, for work outside the dashboard: its latent means with their projections and
/// labels as CSV (streamed), and its weights as a safetensors file that PyTorch loads into the same network. Reads
/// only: no API key on loopback, as every GET. Names follow the naming rule (400 otherwise); a model the index does not
/// list is 404, a broken one 409, each problem+json.</summary>
public static class ModelExportsApi
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IEndpointRouteBuilder MapModelExportsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/models").WithTags("Model exports");
        group.MapGet("/{run}/{model}/latents.csv", Latents)
            .WithName("ExportLatents")
            .WithSummary("The validation set's latent means, log variances and PCA coordinates with labels, as CSV")
            .WithDescription("Columns: index, label, class, mu_1…mu_d (the raw latent dimensions), log_var_1…log_var_d, " +
                             "pc_1…pc_d (PCA of the means, every component). One row per validation image, streamed.");
        group.MapGet("/{run}/{model}/weights.safetensors", Weights)
            .WithName("ExportWeights")
            .WithSummary("The model's weights as safetensors, under the module names the README's PyTorch network uses");
        return endpoints;
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Latents(
        string run, string model, IExperimentIndex index, ExplorableModelCache cache, CancellationToken cancellationToken)
    {
        if (Invalid(run, model) is { } invalid)
        {
            return invalid;
        }

        if (Unavailable(run, model, index) is { } unavailable)
        {
            return unavailable;
        }

        ExplorableModelLease lease;
        try
        {
            lease = await cache.AcquireAsync(run, model, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            return Broken(run, model, ex.Message);
        }

        // The lease is the callback's from here: it ends when the body has been written, or the client left.
        return TypedResults.Stream(
            async body =>
            {
                try
                {
                    await using var writer = new StreamWriter(body, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
                    await LatentCsv.WriteAsync(writer, lease.Model.Space, lease.Model.Pca, cancellationToken);
                }
                finally
                {
                    lease.Dispose();
                }
            },
            "text/csv; charset=utf-8",
            $"{run}-{model}-latents.csv");
    }

    private static Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult> Weights(
        string run, string model, IExperimentIndex index, ExperimentStore store)
    {
        if (Invalid(run, model) is { } invalid)
        {
            return invalid;
        }

        if (Unavailable(run, model, index) is { } unavailable)
        {
            return unavailable;
        }

        try
        {
            // A model is a few megabytes and loads in milliseconds: no need to leave the request for it.
            using var network = store.LoadModel(run, model);
            return TypedResults.File(SafetensorsExport.ToBytes(network), "application/octet-stream", $"{run}-{model}.safetensors");
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            return Broken(run, model, ex.Message);
        }
    }

    /// <summary>The refusal of names that break the naming rule (they never reach the file system), or null.</summary>
    private static ValidationProblem? Invalid(string run, string model)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (ExperimentNames.Problem(run, "run") is { } runProblem)
        {
            errors["run"] = [runProblem];
        }

        if (ExperimentNames.Problem(model, "model") is { } modelProblem)
        {
            errors["model"] = [modelProblem];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: "The model's name is not allowed.") : null;
    }

    /// <summary>404 for a model the index does not list, 409 for one it lists as broken; null when it is complete.</summary>
    private static ProblemHttpResult? Unavailable(string run, string model, IExperimentIndex index) => index.Find(run, model) switch
    {
        null => TypedResults.Problem($"model {run}/{model} is not in the index", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        { Status: not ExperimentStatus.Complete } broken => Broken(run, model, broken.Error ?? "its folder cannot be read"),
        _ => null,
    };

    private static ProblemHttpResult Broken(string run, string model, string reason) =>
        TypedResults.Problem($"model {run}/{model} is broken: {reason}", statusCode: StatusCodes.Status409Conflict, title: "The model cannot be read");
}
