using Hangfire.Dashboard;

namespace LatentDash.Web;

/// <summary>Lets every request see the Hangfire dashboard (Queue:DashboardOpen = true).</summary>
internal sealed class OpenDashboard : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => true;
}
