using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Announcements;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Events;
using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Status;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

namespace BackupifyPortal;

/// <summary>All DI wiring, so Program.cs stays short. Each feature adds its own services.</summary>
public static class PortalServiceCollectionExtensions
{
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

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

        services.AddPortalSignIn(config, builder.Environment.IsDevelopment());
        services.AddLimits(config);
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<IAccountDirectory, AccountDirectory>();
        services.AddSingleton<IProtectedServices, ProtectedServices>();
        services.AddSingleton<PersonProfiles>();
        services.AddScoped<Components.Shared.CurrentUser>();
        services.AddScoped<Components.Shared.SessionHandoff>();
        services.AddScoped<Components.Shared.PasskeyBrowser>();
        services.AddScoped<Components.Settings.ReauthenticationGate>();
        services.Configure<AnnouncementOptions>(config.GetSection("Announcement"));
        services.AddSingleton<AnnouncementService>();

        services.Configure<TwoFactorOptions>(config.GetSection("TwoFactor"));
        services.AddSingleton<ISecondFactorLockout, SecondFactorLockout>();
        services.AddSingleton<ISecondFactorRequirement, SecondFactorRequirement>();
        services.AddSingleton<TwoFactorSummary>();
        services.AddSingleton<IdentityConfirmation>();
        services.AddPhoneTwoFactor(config);
        services.AddAuthenticatorTwoFactor(config);
        Features.Passkeys.PasskeysServiceCollectionExtensions.AddPasskeys(services, config);
        Features.TrustedBrowsers.TrustedBrowsersServiceCollectionExtensions.AddTrustedBrowsers(services, config);
        Features.Passwords.PasswordServiceCollectionExtensions.AddPortalPasswords(services);
        Features.Admin.ConsoleServiceCollectionExtensions.AddConsoles(services, config);
        return builder;
    }
}
