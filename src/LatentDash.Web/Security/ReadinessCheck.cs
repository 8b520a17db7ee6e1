using Hangfire;
using LiteDB;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LatentDash.Web.Security;

/// <summary>/readyz: the LiteDB index answers a query and Hangfire's storage hands out a connection that answers one.
/// The reason stays in the log: the answer only says Healthy or Unhealthy.</summary>
internal sealed class ReadinessCheck(ILiteDatabase database, JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = database.GetCollectionNames().Count();
        }
#pragma warning disable CA1031 // any failure of the index means not ready; the health check service logs it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the index database does not answer", ex));
        }

        try
        {
            using var connection = storage.GetConnection();
            _ = connection.GetAllItemsFromSet("latentdash:readiness");
        }
#pragma warning disable CA1031 // any failure of the queue's storage means not ready
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the queue's storage does not answer", ex));
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
