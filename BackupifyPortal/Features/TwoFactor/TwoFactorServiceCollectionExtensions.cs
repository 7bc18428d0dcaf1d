using BackupifyPortal.Features.SignIn;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.TwoFactor;

public static class TwoFactorServiceCollectionExtensions
{
    /// <summary>The two-factor core (section "TwoFactor"): the code lockout, the requirement, the summary, "Confirm it's you".</summary>
    public static IServiceCollection AddTwoFactor(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<TwoFactorOptions>(config.GetSection("TwoFactor"));
        services.TryAddSingleton<ISecondFactorLockout, SecondFactorLockout>();
        services.TryAddSingleton<ISecondFactorRequirement, SecondFactorRequirement>();
        services.TryAddSingleton<TwoFactorSummary>();
        services.TryAddSingleton<IdentityConfirmation>();
        return services;
    }

    /// <summary>Fresh proof and the shared tail of every factor change; safe to call from each feature that changes factors.</summary>
    public static IServiceCollection AddFactorChanges(this IServiceCollection services)
    {
        services.AddSecurityStamps();
        services.TryAddSingleton<FreshProof>();
        services.TryAddSingleton<FactorChanges>();
        // Support's card hears from the factor change itself that a setup finished.
        services.TryAddSingleton<Support.SetupProgressNotifier>();
        // The notice mail (IEmailSender, SecurityNotices) is registered once, by the Email feature (AddPortalEmail).
        return services;
    }
}
