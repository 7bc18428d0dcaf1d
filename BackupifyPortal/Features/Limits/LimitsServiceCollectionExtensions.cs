using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Limits;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>The limiter over the counter table and the password rules (section "Limits").</summary>
    public static IServiceCollection AddLimits(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PasswordLimitOptions>(config.GetSection("Limits:Password"));
        services.Configure<SendLimitOptions>(config.GetSection("Limits:Send"));
        services.TryAddSingleton<AttemptLimiter>();
        services.TryAddSingleton<PasswordAttempts>();
        services.TryAddSingleton<SendThrottle>();
        services.TryAddSingleton<CodeHasher>(); // the key of the unknown-email hash
        return services;
    }
}
