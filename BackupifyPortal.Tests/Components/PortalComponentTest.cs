using System.Security.Claims;
using BackupifyPortal.Components.Shared;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Announcements;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BackupifyPortal.Tests.Components;

/// <summary>bUnit context with MudBlazor, a real SQLite database behind the portal's read services, and a signed-in person.</summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    protected SqliteTestDatabase Database { get; private set; } = default!;
    private readonly BunitAuthorizationContext auth;

    /// <summary>The fake sign-in of this context (registered up front: services freeze at first render).</summary>
    protected BunitAuthorizationContext Auth => auth;

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_ => Database);
        Services.AddSingleton<IAccountDirectory, AccountDirectory>();
        Services.AddSingleton<PersonProfiles>();
        Services.AddSingleton<TwoFactorSummary>();
        Services.AddSingleton<AnnouncementService>();
        Services.AddOptions<AnnouncementOptions>();
        Services.AddScoped<CurrentUser>();
        Services.AddSingleton<IAuditLog, AuditLog>();
        BackupifyPortal.Features.Events.EventsServiceCollectionExtensions.AddInProcessEvents(Services);
        Services.AddSingleton<SessionRevocations>();
        Services.AddSingleton<SecurityStampRotations>();
        Services.AddSingleton<SecurityStamps>();
        Services.AddSingleton<SessionManager>();
        Services.AddOptions<SignInOptions>();
        Services.AddSingleton(Protection);
        Services.AddSingleton<BrowserSnapshotSeal>();
        Services.AddSingleton<BackupifyPortal.Features.TwoFactor.FreshProof>();
        Services.AddScoped<BackupifyPortal.Components.Settings.ReauthenticationGate>();
        Services.AddLogging();
        Services.AddSingleton<BackupifyPortal.Features.Email.IEmailSender, BackupifyPortal.Features.Email.OutboxEmailSender>();
        Services.AddSingleton<BackupifyPortal.Features.Email.SecurityNotices>();
        Services.AddSingleton<BackupifyPortal.Features.Admin.TwoFactorStanding>();
        Services.AddSingleton<BackupifyPortal.Features.Admin.ConsoleActors>();
        Services.AddSingleton<BackupifyPortal.Features.Admin.AuditQuery>();
        // Log In starts the Email field's passkey autofill, through Identity's passkey handler on the same database.
        Services.AddScoped(_ => Database.CreateDbContext());
        Services.AddIdentityCore<PortalUser>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
            .AddEntityFrameworkStores<PortalDbContext>();
        Services.AddScoped<Microsoft.AspNetCore.Identity.IPasskeyHandler<PortalUser>, Microsoft.AspNetCore.Identity.PasskeyHandler<PortalUser>>();
        Services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
        Services.AddSingleton<BackupifyPortal.Features.Limits.AttemptLimiter>();
        Services.AddSingleton<ISignInTickets, SignInTickets>();
        BackupifyPortal.Features.Passkeys.PasskeysServiceCollectionExtensions.AddPasskeys(Services, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddScoped<PasskeyBrowser>();
        BackupifyPortal.Features.TrustedBrowsers.TrustedBrowsersServiceCollectionExtensions.AddTrustedBrowsers(Services);
        auth = AddAuthorization();
    }

    public async Task InitializeAsync()
    {
        Database = await SqliteTestDatabase.CreateAsync();
        // Touching the renderer freezes the services, so this comes after every constructor has registered its own.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static readonly Microsoft.AspNetCore.DataProtection.IDataProtectionProvider Protection = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();

    /// <summary>A browser snapshot sealed as App.razor seals it for a signed-out page, to persist into the context.</summary>
    protected static string Sealed(BrowserSnapshot snapshot) =>
        new BrowserSnapshotSeal(Protection, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new SignInOptions())).Seal(snapshot, sessionId: null);

    /// <summary>Adds a person with the given accounts and signs them in to the bUnit context.</summary>
    protected async Task<(PortalUser User, List<PortalAccount> Accounts)> SignInPersonAsync(string displayName, params AccountKind[] kinds)
    {
        var user = new PortalUser { Id = Guid.NewGuid().ToString(), UserName = $"{Guid.NewGuid():N}@demo.test", DisplayName = displayName, TimeZoneId = "UTC" };
        user.Email = user.UserName;
        var accounts = kinds.Select((k, i) => new PortalAccount { Id = Guid.NewGuid(), OwnerId = user.Id, Kind = k, Name = $"account-{i}.example" }).ToList();
        await using (var db = Database.CreateDbContext())
        {
            db.Users.Add(user);
            db.Accounts.AddRange(accounts);
            await db.SaveChangesAsync();
        }
        auth.SetAuthorized(user.UserName).SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(DatabaseTicketStore.SessionIdClaim, CreateSession(user.Id)));
        return (user, accounts);
    }

    /// <summary>A server-side session row for the person, last verified <paramref name="verifiedAgo"/> ago (default: just now).</summary>
    protected string CreateSession(string userId, TimeSpan? verifiedAgo = null)
    {
        var now = DateTimeOffset.UtcNow;
        var session = new AuthSession { Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now, LastSeenAt = now, VerifiedAt = now - (verifiedAgo ?? TimeSpan.Zero) };
        using var db = Database.CreateDbContext();
        db.AuthSessions.Add(session);
        db.SaveChanges();
        return session.Id;
    }

    /// <summary>Renders MudBlazor's providers so that menus, popovers and dialogs have somewhere to appear.</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderProviders()
    {
        Render<MudDialogProvider>();
        return Render<MudPopoverProvider>();
    }
}
