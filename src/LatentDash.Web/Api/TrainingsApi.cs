using LatentDash.Jobs.Runs;
using LatentDash.Web.Runs;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Api;

/// <summary>The HTTP API beside the Train form, so runs can be scripted: submit (the form's checks, problem+json with
/// messages by field), list, look at one, cancel, retry.</summary>
public static class RunsApi
{
    private const string RejectedTitle = "The submission has problems; nothing was queued.";

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/runs").WithTags("Runs");

        group.MapPost("/", Submit)
            .Accepts<RunSubmission>("application/json")
            .WithName("SubmitRuns")
            .WithSummary("Queue a model or a sweep")
            .WithDescription("One run per grid point (architectures × betas × latent_dims), at most 64. Missing training " +
                             "options take the defaults (9 epochs, batch 32, learning rate 1e-4, adam, early stopping, seed 1333).");
        group.MapGet("/", List)
            .WithName("ListRuns")
            .WithSummary("Every run, newest first; filter by status or submission");
        group.MapGet("/{id}", Get)
            .WithName("GetRun")
            .WithSummary("One run with its progress and per-epoch history");
        group.MapPost("/{id}/cancel", Cancel)
            .WithName("CancelRun")
            .WithSummary("Cancel a queued or running run; a running one stops before its next batch and leaves no model");
        group.MapPost("/{id}/retry", Retry)
            .WithName("RetryRun")
            .WithSummary("Queue a failed, cancelled or interrupted run again");
        return endpoints;
    }

    // The body is read here rather than bound, so that malformed JSON also gets a problem+json answer that says where.
    private static async Task<Results<Accepted<SubmittedRuns>, ValidationProblem>> Submit(
        HttpRequest request, RunCoordinator runs, IOptions<JsonOptions> json)
    {
        RunSubmission? submission;
        try
        {
            submission = await request.ReadFromJsonAsync<RunSubmission>(json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"the body is not a JSON run submission: {ex.Message}"] },
                title: RejectedTitle);
        }

        if (submission is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["send a JSON object"] },
                title: RejectedTitle);
        }

        var outcome = runs.Submit(submission);
        if (!outcome.Accepted)
        {
            return TypedResults.ValidationProblem(
                outcome.Check.Errors.ToDictionary(e => e.Key, e => e.Value),
                title: RejectedTitle);
        }

        var submissionId = outcome.Runs[0].Submission;
        return TypedResults.Accepted(
            $"/api/runs?submission={Uri.EscapeDataString(submissionId)}",
            new SubmittedRuns(submissionId, outcome.Runs.Count, [.. outcome.Runs.Select(RunView.From)]));
    }

    private static Results<Ok<RunView[]>, ValidationProblem> List(RunCoordinator runs, string? status, string? submission)
    {
        RunStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"unknown status '{status}'; known: {string.Join(", ", Enum.GetNames<RunStatus>().Select(n => n.ToLowerInvariant()))}"],
                });
            }

            wanted = parsed;
        }

        var records = submission is null ? runs.List() : runs.OfSubmission(submission);
        return TypedResults.Ok(records.Where(r => wanted is null || r.Status == wanted).Select(RunView.From).ToArray());
    }

    private static Results<Ok<RunView>, ProblemHttpResult> Get(string id, RunCoordinator runs) =>
        runs.Get(id) is { } record ? TypedResults.Ok(RunView.From(record)) : NotFound(id);

    private static Results<Ok<RunView>, ProblemHttpResult> Cancel(string id, RunCoordinator runs) => Act(runs.Cancel(id), id);

    private static Results<Ok<RunView>, ProblemHttpResult> Retry(string id, RunCoordinator runs) => Act(runs.Retry(id), id);

    private static Results<Ok<RunView>, ProblemHttpResult> Act(RunActionOutcome outcome, string id) => outcome switch
    {
        { Succeeded: true, Run: { } run } => TypedResults.Ok(RunView.From(run)),
        { Run: null } => NotFound(id),
        _ => TypedResults.Problem(outcome.Problem, statusCode: StatusCodes.Status409Conflict, title: "Not possible in the run's state"),
    };

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"no run '{id}'", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

/// <summary>What a submission queued.</summary>
public sealed record SubmittedRuns(string Submission, int Count, IReadOnlyList<RunView> Runs);
