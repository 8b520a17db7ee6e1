using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Hangfire.Dashboard;
using LatentDash.Jobs;
using LatentDash.Jobs.Queue;
using LatentDash.Models;
using LatentDash.Web;
using LatentDash.Web.Api;
using LatentDash.Web.Components;
using LatentDash.Web.Security;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args).ReadSettingsBesideTheApp();
builder.WebHost.UseStaticWebAssets(); // package assets (MudBlazor, Plotly) also when run from the build output
builder.Services.AddLatentModels().AddLatentJobs().AddLatentQueue().AddLatentAnalysis().AddLatentWeb();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "LatentDash runs";
    document.Info.Description = "Queue, follow, cancel and retry the training of VAE models.";
    return Task.CompletedTask;
}));
builder.Services.ConfigureHttpJsonOptions(options =>
{
    // The names of params.json (latent_dim, batch_size); NaN and Infinity are read so the checks can name them.
    options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    options.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    // {"run": "a", "run": "../b"} or a misspelt field is refused rather than silently read one way or another.
    options.SerializerOptions.AllowDuplicateProperties = false;
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});

var app = builder.Build();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

// Pages get the not-found page; the API answers problem+json itself and the queue dashboard its own status codes.
app.UseWhen(
    context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) &&
               !context.Request.Path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseCartesianBundle(); // Plotly.Blazor's charts draw with plotly.js's cartesian bundle, not its full one
app.UseRouting(); // after the status code pages, so that their re-execution of /not-found finds the page
app.UseApiGuards(); // problem+json and a body cap under /api; rate limit, same origin and API key for changes
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthEndpoints();
app.MapOpenApi();
app.MapTrainingsApi();
app.MapModelExportsApi();
var queue = app.Services.GetRequiredService<IOptions<QueueOptions>>().Value;
app.UseHangfireDashboard(SecurityExtensions.QueueDashboardPath, new DashboardOptions
{
    DashboardTitle = "LatentDash queue",
    AppPath = "/runs",
    // Local requests only, unless Queue:DashboardOpen says otherwise (then the API key is required: ApiKeyGuard).
    Authorization = queue.DashboardOpen ? [new OpenDashboard()] : [new LocalRequestsOnlyAuthorizationFilter()],
});
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>The web app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
