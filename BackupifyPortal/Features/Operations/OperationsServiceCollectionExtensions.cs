using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Production start-up checks, the portal's public address, the outbox switch and HSTS.</summary>
    public static IServiceCollection AddPortalOperations(this IServiceCollection services, IConfiguration config)
    {
        services.AddPortalAddress(config);
        services.Configure<OutboxOptions>(config.GetSection("Outbox"));
        services.AddSingleton<IValidateOptions<PortalOptions>, ProductionSettingsValidator>();
        services.AddOptions<PortalOptions>().ValidateOnStart();
        // One year and every subdomain: browsers then never try plain HTTP to the portal's domain.
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        services.Configure<CircuitGuardOptions>(config.GetSection("Circuits"));
        services.TryAddSingleton<CircuitGuard>();
        services.Configure<HubOptions>(o => o.AddFilter<CircuitGuard>());
        services.AddClientContext();
        return services;
    }

    /// <summary>The link base alone, for hosts (and tests) that wire only the consoles.</summary>
    public static IServiceCollection AddPortalAddress(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PortalOptions>(config.GetSection("Portal"));
        services.TryAddSingleton<PortalAddress>();
        return services;
    }

    /// <summary>Throws the validator's message (naming every missing setting) before the database is touched.</summary>
    public static void RequireProductionSettings(this IServiceProvider services) =>
        _ = services.GetRequiredService<IOptions<PortalOptions>>().Value;
}
