namespace BackupifyPortal.Features.Limits;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>The limiter over the counter table and the password rules (section "Limits").</summary>
    public static IServiceCollection AddLimits(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PasswordLimitOptions>(config.GetSection("Limits:Password"));
        services.AddSingleton<AttemptLimiter>();
        services.AddSingleton<PasswordAttempts>();
        return services;
    }
}
