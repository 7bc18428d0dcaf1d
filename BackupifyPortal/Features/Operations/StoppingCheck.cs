using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackupifyPortal.Features.Operations;

/// <summary>Not ready once SIGTERM arrived: the load balancer sends new people elsewhere while this instance drains.</summary>
public sealed class StoppingCheck(IHostApplicationLifetime lifetime, ShutdownDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(drain.Draining.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("stopping")
            : HealthCheckResult.Healthy());
}
