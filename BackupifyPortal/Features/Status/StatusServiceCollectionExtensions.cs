using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Status;

public static class StatusServiceCollectionExtensions
{
    /// <summary>The Status page's list of protected services.</summary>
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.TryAddSingleton<IProtectedServices, ProtectedServices>();
        return services;
    }
}
