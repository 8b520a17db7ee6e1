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
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets(); // package assets (MudBlazor, Plotly) also when run from the build output
builder.Services.AddLatentModels().AddLatentJobs().AddLatentQueue().AddLatentWeb();
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
});

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

// Pages get the not-found page; the API answers problem+json itself and the queue dashboard its own status codes.
app.UseWhen(
    context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) &&
               !context.Request.Path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseAntiforgery();
app.MapStaticAssets();
app.MapOpenApi();
app.MapTrainingsApi();
var queue = app.Services.GetRequiredService<IOptions<QueueOptions>>().Value;
app.UseHangfireDashboard("/hangfire", new DashboardOptions
{
    DashboardTitle = "LatentDash queue",
    AppPath = "/runs",
    // Local requests only, unless Queue:DashboardOpen says otherwise (behind a proxy that authenticates, or in tests).
    Authorization = queue.DashboardOpen ? [new OpenDashboard()] : [new LocalRequestsOnlyAuthorizationFilter()],
});
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>The web app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
