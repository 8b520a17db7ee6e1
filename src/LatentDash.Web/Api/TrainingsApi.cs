using System.Globalization;
using System.Text.Json;
using LatentDash.Jobs.Runs;
using LatentDash.Models;
using LatentDash.Web.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Api;

/// <summary>The HTTP API beside the Train form, so trainings can be scripted: submit (the form's checks, problem+json
/// with messages by field), list a page, look at one, cancel, retry. /api/trainings is the address; /api/runs, its
/// first name, answers the same (same handlers) for scripts written before.</summary>
/// <remarks>A submission that would take its client (the remote address) past Queue:MaxQueuedPerClient queued or
/// running trainings answers 429 Too Many Requests, problem+json with the message under "sweep": it is the client's
/// quota that is spent, not the state of any resource that conflicts (409 stays with cancel and retry).</remarks>
public static class TrainingsApi
{
    /// <summary>The default page size of the listing.</summary>
    public const int DefaultPageSize = 50;

    private const string RejectedTitle = "The submission has problems; nothing was queued.";
    private const string OverCapTitle = "Too many trainings queued for this client; nothing was queued.";

    public static IEndpointRouteBuilder MapTrainingsApi(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints.MapGroup("/api/trainings").WithTags("Trainings"), "");
        Map(endpoints.MapGroup("/api/runs").WithTags("Trainings (old address)"), "ViaRuns");
        return endpoints;
    }

    private static void Map(RouteGroupBuilder group, string suffix)
    {
        group.MapPost("/", Submit)
            .Accepts<RunSubmission>("application/json")
            .WithName("SubmitTrainings" + suffix)
            .WithSummary("Queue a model or a sweep")
            .WithDescription("One training per grid point (architectures × betas × latent_dims), at most 64. Missing training " +
                             "options take the defaults (9 epochs, batch 32, learning rate 1e-4, adam, early stopping, seed 1333). " +
                             "429 when the client would pass its cap of queued or running trainings (Queue:MaxQueuedPerClient).");
        group.MapGet("/", List)
            .WithName("ListTrainings" + suffix)
            .WithSummary("A page of trainings, newest first, without curves or histories; filter by status or submission")
            .WithDescription($"page (from 1) and page_size (1–{TrainingRepository.MaxPageSize}, default {DefaultPageSize}); " +
                             "status by name (queued, running, succeeded, failed, cancelled, interrupted).");
        group.MapGet("/{id}", Get)
            .WithName("GetTraining" + suffix)
            .WithSummary("One training with its progress, loss curve and per-epoch history");
        group.MapPost("/{id}/cancel", Cancel)
            .WithName("CancelTraining" + suffix)
            .WithSummary("Cancel a queued or running training; a running one stops before its next batch and leaves no model");
        group.MapPost("/{id}/retry", Retry)
            .WithName("RetryTraining" + suffix)
            .WithSummary("Queue a failed, cancelled or interrupted training again");
    }

    // The body is read here rather than bound, so that malformed JSON also gets a problem+json answer that says where.
    private static async Task<Results<Accepted<SubmittedTrainings>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpRequest request, TrainingCommands commands, IOptions<JsonOptions> json)
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

        var outcome = commands.Submit(submission, Client(request.HttpContext));
        if (outcome.OverCap)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(outcome.Check.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = OverCapTitle,
            });
        }

        if (!outcome.Accepted)
        {
            return TypedResults.ValidationProblem(outcome.Check.Errors.ToDictionary(e => e.Key, e => e.Value), title: RejectedTitle);
        }

        var submissionId = outcome.Trainings[0].Submission;
        return TypedResults.Accepted(
            $"/api/trainings?submission={Uri.EscapeDataString(submissionId)}",
            new SubmittedTrainings(submissionId, outcome.Trainings.Count, [.. outcome.Trainings.Select(t => TrainingView.From(t))]));
    }

    // Query values are read as text so that every bad one gets a message naming it (binding would answer a bare 400).
    private static Results<Ok<TrainingListView>, ValidationProblem> List(
        TrainingRepository trainings, string? status, string? submission, string? page, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] string? pageSize)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TrainingStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            // Names only: Enum.TryParse would also read "1" (running) or "0,1".
            if (status.Length is > 0 and <= 32 && status.All(char.IsAsciiLetter) &&
                Enum.TryParse<TrainingStatus>(status, ignoreCase: true, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"unknown status '{Limits.Echo(status)}'; known: {string.Join(", ", Enum.GetNames<TrainingStatus>().Select(n => n.ToLowerInvariant()))}"];
            }
        }

        var number = Whole(page, "page", 1, int.MaxValue / TrainingRepository.MaxPageSize, 1, errors);
        var size = Whole(pageSize, "page_size", 1, TrainingRepository.MaxPageSize, DefaultPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query has problems.");
        }

        var result = trainings.Page((number - 1) * size, size, wanted, string.IsNullOrEmpty(submission) ? null : submission);
        return TypedResults.Ok(new TrainingListView(
            [.. result.Items.Select(t => TrainingView.From(t, details: false))], result.Total, number, size));
    }

    private static Results<Ok<TrainingView>, ProblemHttpResult> Get(string id, TrainingRepository trainings) =>
        trainings.Get(id) is { } record ? TypedResults.Ok(TrainingView.From(record)) : NotFound(id);

    private static Results<Ok<TrainingView>, ProblemHttpResult> Cancel(string id, TrainingCommands commands) => Act(commands.Cancel(id), id);

    private static Results<Ok<TrainingView>, ProblemHttpResult> Retry(string id, TrainingCommands commands) => Act(commands.Retry(id), id);

    private static Results<Ok<TrainingView>, ProblemHttpResult> Act(TrainingActionOutcome outcome, string id) => outcome switch
    {
        { Succeeded: true, Training: { } training } => TypedResults.Ok(TrainingView.From(training)),
        { Training: null } => NotFound(id),
        _ => TypedResults.Problem(outcome.Problem, statusCode: StatusCodes.Status409Conflict, title: "Not possible in the training's state"),
    };

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"no training '{Limits.Echo(id)}'", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>Who is asking, for the per-client cap: the remote address; "local" when there is none (in-process).</summary>
    internal static string Client(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? address.ToString() : "local";

    private static int Whole(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (text.Length <= 10 && text.All(char.IsAsciiDigit) &&
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[field] = [$"{field} must be a whole number from {min} to {max}, got '{Limits.Echo(text)}'"];
        return fallback;
    }
}
