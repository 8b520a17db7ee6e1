using LatentDash.Jobs;
using LatentDash.Models;
using LatentDash.Web;
using LatentDash.Web.Components;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets(); // package assets (MudBlazor, Plotly) also when run from the build output
builder.Services.AddLatentModels().AddLatentJobs().AddLatentWeb();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>The web app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
