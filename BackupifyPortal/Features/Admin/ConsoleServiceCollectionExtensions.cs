using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Features.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Admin;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>Admin and support consoles: policies, enrollment, setup links, resets, audit view, live setup progress (email is the Email feature's).</summary>
    public static IServiceCollection AddConsoles(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ConsoleOptions>(config.GetSection("Consoles"));
        services.AddPortalAddress(config);
        services.AddSingleton<IAuthorizationHandler, ConsoleRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicies.Admin, p => p.RequireAuthenticatedUser()
                .RequireClaim(ConsolePolicies.RoleClaim, ConsolePolicies.Admin)
                .AddRequirements(new ConsoleRoleRequirement(AllowAdmin: true, AllowSupport: false)))
            .AddPolicy(ConsolePolicies.Support, p => p.RequireAuthenticatedUser()
                .RequireClaim(ConsolePolicies.RoleClaim, ConsolePolicies.Support)
                .AddRequirements(new ConsoleRoleRequirement(AllowAdmin: false, AllowSupport: true)))
            .AddPolicy(ConsolePolicies.AdminOrSupport, p => p.RequireAuthenticatedUser()
                .RequireClaim(ConsolePolicies.RoleClaim, ConsolePolicies.Admin, ConsolePolicies.Support)
                .AddRequirements(new ConsoleRoleRequirement(AllowAdmin: true, AllowSupport: true)));

        services.AddSingleton<ConsoleActors>();
        services.AddSingleton<EnrollmentDirectory>();
        services.AddSingleton<OrganizationTwoFactorPolicy>();
        services.AddSingleton<TwoFactorStanding>();
        services.AddSingleton<SetupLinks>();
        services.AddSingleton<SetupReminders>();
        services.AddSetupLinkHold();
        services.AddSingleton<IdentityCheckCodes>();
        services.AddSingleton<TwoFactorReset>();
        services.AddSecurityStamps();
        services.AddSingleton<AccountUnlock>();
        services.AddSingleton<AuditQuery>();
        services.AddInProcessEvents();
        services.TryAddSingleton<SetupProgressNotifier>();
        services.AddSingleton<SetupWizardProgress>();
        services.AddSingleton<SupportDirectory>();
        services.AddFactorChanges();
        return services;
    }
}
