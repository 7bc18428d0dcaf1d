using BackupifyPortal.Features.TwoFactor;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.TrustedBrowsers;

public static class TrustedBrowsersServiceCollectionExtensions
{
    /// <summary>Trusted browsers and their remember cookie (idempotent).</summary>
    public static IServiceCollection AddTrustedBrowsers(this IServiceCollection services, IConfiguration? config = null)
    {
        if (config is not null) services.Configure<TrustedBrowserOptions>(config.GetSection("TrustedBrowsers"));
        else services.AddOptions<TrustedBrowserOptions>();
        services.AddFactorChanges();
        services.TryAddSingleton<RememberedBrowsers>();
        services.TryAddSingleton<TrustedBrowserCookie>();
        return services;
    }
}
