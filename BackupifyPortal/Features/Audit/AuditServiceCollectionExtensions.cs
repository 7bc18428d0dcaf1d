using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit log every feature writes to.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuditLog, AuditLog>();
        return services;
    }
}
