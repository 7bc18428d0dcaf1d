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

/// <summary>
/// bUnit context over the app's own wiring (TestHostWiring.StartFromPortal) on a real SQLite file, with bUnit's doubles
/// (JS, navigation) and a fake sign-in over it.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    protected SqliteTestDatabase Database { get; }
    private readonly BunitAuthorizationContext auth;

    /// <summary>What the components logged.</summary>
    protected CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The fake sign-in of this context (registered up front: services freeze at first render).</summary>
    protected BunitAuthorizationContext Auth => auth;

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Database = SqliteTestDatabase.Create();
        Services.StartFromPortal(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = Database.ConnectionString }, Logs);
        auth = AddAuthorization();
    }

    public Task InitializeAsync()
    {
        // Touching the renderer freezes the services, so this comes after every constructor has registered its own.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

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
