using BackupifyPortal.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace BackupifyPortal.Features.Operations;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: the database answers, every migration is applied and
/// the instance is not stopping (readiness). Anonymous, never cached, and answered over plain HTTP too (probes come from inside).
/// </summary>
public static class HealthEndpoints
{
    public const string Live = "/healthz";
    public const string Ready = "/readyz";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealth(this IServiceCollection services, IConfiguration config)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [ReadyTag])
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [ReadyTag])
            .AddCheck<StoppingCheck>("stopping", tags: [ReadyTag]);
        services.Configure<ShutdownOptions>(config.GetSection("Shutdown"));
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>(
            (host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainDelay + shutdown.Value.Timeout);
        services.AddSingleton<ShutdownDrain>(); // one instance: the host drains it, readiness reads it
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        return services;
    }

    public static bool IsProbe(PathString path) => path.Equals(Live) || path.Equals(Ready);

    // AllowCachingResponses is false by default: every answer carries Cache-Control: no-store, no-cache.
    public static void MapPortalHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous().DisableRateLimiting();
    }
}
