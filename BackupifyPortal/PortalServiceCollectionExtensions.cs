using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Announcements;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Status;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

namespace BackupifyPortal;

/// <summary>All DI wiring, so Program.cs stays short. Each feature folder adds its own services with one Add&lt;Feature&gt;().</summary>
public static class PortalServiceCollectionExtensions
{
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalFeatures(builder.Configuration, builder.Environment);
        return builder;
    }

    /// <summary>
    /// Everything the portal registers, from configuration and environment alone: the app calls it, and so does every
    /// test host, which then replaces only what it fakes (the clock, the text sender, the log capture); see
    /// BackupifyPortal.Tests/Foundation/TestHostWiringTests.
    /// </summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services, IConfiguration config, IHostEnvironment environment)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(CircuitLimits.ConfigureCircuit)
            .AddHubOptions(CircuitLimits.ConfigureHub);
        services.AddMudServices();
        services.AddSingleton(TimeProvider.System);
        services.AddPortalOperations(config);
        services.AddPortalHealth(config);

        services.AddPortalDatabase(config);
        services.AddDataProtection().SetApplicationName("BackupifyPortal").PersistKeysToDbContext<PortalDbContext>();
        services.AddScoped<DemoSeeder>();
        services.AddPortalEvents(config);

        services.AddPortalSignIn(config, environment.IsDevelopment());
        services.AddLimits(config);
        services.AddAudit();
        services.AddPortalEmail(config);
        services.AddAccounts();
        services.AddStatus();
        services.AddPortalComponents();
        services.AddAnnouncements(config);

        services.AddTwoFactor(config);
        services.AddPhoneTwoFactor(config);
        services.AddAuthenticatorTwoFactor(config);
        Features.Passkeys.PasskeysServiceCollectionExtensions.AddPasskeys(services, config);
        Features.TrustedBrowsers.TrustedBrowsersServiceCollectionExtensions.AddTrustedBrowsers(services, config);
        Features.Passwords.PasswordServiceCollectionExtensions.AddPortalPasswords(services);
        Features.Admin.ConsoleServiceCollectionExtensions.AddConsoles(services, config);
        return services;
    }

    /// <summary>The per-circuit helpers the components share (Components/Shared, Components/Settings).</summary>
    private static IServiceCollection AddPortalComponents(this IServiceCollection services)
    {
        services.AddScoped<Components.Shared.CurrentUser>();
        services.AddScoped<Components.Shared.SessionHandoff>();
        services.AddScoped<Components.Shared.PasskeyBrowser>();
        services.AddScoped<Components.Settings.ReauthenticationGate>();
        return services;
    }
}
