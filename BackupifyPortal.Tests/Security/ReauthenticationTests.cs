using BackupifyPortal.Features.Audit;
using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Security;

/// <summary>Two-factor changes need a proof of identity from the last 15 minutes (NIST 800-63B reauthentication).</summary>
public class ReauthenticationTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private FreshProof Fresh => app.Services.GetRequiredService<FreshProof>();
    private IdentityConfirmation Confirmation => app.Services.GetRequiredService<IdentityConfirmation>();

    [Fact]
    public async Task SignIn_RecordsTheProof_FreshFor15MinutesThenStale()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Direct);
        var session = await SessionOfAsync(DemoPeople.Direct);
        Assert.Equal(app.Clock!.GetUtcNow(), session.VerifiedAt!.Value, TimeSpan.FromMilliseconds(1));

        app.Clock.Advance(TimeSpan.FromMinutes(14) + TimeSpan.FromSeconds(59));
        Assert.True(await Fresh.IsFreshAsync(session.UserId, session.Id));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await Fresh.IsFreshAsync(session.UserId, session.Id));
    }

    [Fact]
    public async Task SessionRefreshAfterA2faChange_IsNoNewProof_AndKeepsTheSignInTime()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.PartnerClassic);
        var before = await SessionOfAsync(DemoPeople.PartnerClassic);
        app.Clock!.Advance(TimeSpan.FromMinutes(20));

        // The person's own change in this session rotates the stamp; the session is refreshed on the server.
        var userId = await HttpSignIn.UserIdAsync(app, DemoPeople.PartnerClassic);
        using (ActingSession.Begin(before.Id)) await app.Services.GetRequiredService<SecurityStamps>().RotateNowAsync(userId);
        Assert.NotNull(await app.Services.GetRequiredService<SessionRefresh>().CurrentPrincipalAsync(before.Id));

        var after = await SessionOfAsync(DemoPeople.PartnerClassic);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(before.VerifiedAt, after.VerifiedAt);
        Assert.False(await Fresh.IsFreshAsync(after.UserId, after.Id));
        Assert.Equal(SignedInAt(before), SignedInAt(after));
    }

    [Fact]
    public async Task SlidingRenewal_DoesNotRollAConfirmationBack()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Admin);
        var session = await SessionOfAsync(DemoPeople.Admin);
        app.Clock!.Advance(TimeSpan.FromMinutes(1));
        await Fresh.MarkAsync(session.UserId, session.Id);
        var confirmedAt = app.Clock.GetUtcNow();

        // Past half the idle window the cookie handler renews the ticket; the session row keeps the newer proof.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        using var page = await browser.Client.GetAsync("/accounts");
        Assert.DoesNotContain("/login", page.Headers.Location?.OriginalString ?? "");
        var renewed = await SessionOfAsync(DemoPeople.Admin);
        Assert.Equal(app.Clock.GetUtcNow(), renewed.LastSeenAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(confirmedAt, renewed.VerifiedAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task PersonWithAnApp_CannotConfirmWithThePassword_OnlyWithACode()
    {
        var (userId, secret) = await PersonWithAppAsync("app.confirm");
        var sessionId = await StaleSessionAsync(userId);

        var byPassword = await Confirmation.WithPasswordAsync(sessionId, userId, DemoPeople.Password);
        Assert.Equal(ConfirmationOutcome.NotAllowed, byPassword.Outcome);
        Assert.False(await Fresh.IsFreshAsync(userId, sessionId));

        app.Clock!.Advance(TimeSpan.FromSeconds(30));
        var byCode = await Confirmation.WithAppCodeAsync(sessionId, userId, RfcTotp.CodeAt(secret, app.Clock.GetUtcNow()));
        Assert.True(byCode.Confirmed);
        Assert.True(await Fresh.IsFreshAsync(userId, sessionId));
    }

    [Fact]
    public async Task PersonWithout2fa_WrongPasswordFiveTimes_IsLockedAndTheRightOneThenRefused_EveryTryAudited()
    {
        var userId = await PersonAsync("pwd.confirm");
        var sessionId = await StaleSessionAsync(userId);

        for (var i = 0; i < 4; i++)
            Assert.Equal(ConfirmationOutcome.Wrong, (await Confirmation.WithPasswordAsync(sessionId, userId, "not-the-password")).Outcome);
        Assert.Equal(ConfirmationOutcome.Locked, (await Confirmation.WithPasswordAsync(sessionId, userId, "not-the-password")).Outcome);
        Assert.Equal(ConfirmationOutcome.Locked, (await Confirmation.WithPasswordAsync(sessionId, userId, DemoPeople.Password)).Outcome);
        Assert.False(await Fresh.IsFreshAsync(userId, sessionId));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(6, await db.AuditEvents.CountAsync(e => e.UserId == userId && e.Type == AuditEventTypes.ReauthFailed));
    }

    private async Task<AuthSession> SessionOfAsync(string email)
    {
        var userId = await HttpSignIn.UserIdAsync(app, email);
        await using var db = await app.CreateDbContextAsync();
        return await db.AuthSessions.AsNoTracking().OrderByDescending(s => s.CreatedAt).FirstAsync(s => s.UserId == userId);
    }

    private static string? SignedInAt(AuthSession session) =>
        TicketSerializer.Default.Deserialize(session.Ticket)!.Properties.Items[AbsoluteTimeout.SignedInAtKey];

    private async Task<string> StaleSessionAsync(string userId)
    {
        var now = app.Clock!.GetUtcNow();
        var session = new AuthSession { Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now, LastSeenAt = now, VerifiedAt = now - TimeSpan.FromMinutes(16) };
        await using var db = await app.CreateDbContextAsync();
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    /// <summary>A person of their own for the test (FreshPeople), so no demo sign-in changes.</summary>
    private async Task<string> PersonAsync(string name) =>
        await HttpSignIn.UserIdAsync(app, await Browser.TwoFactor.FreshPeople.CreateAsync(app, name));

    private async Task<(string UserId, string Secret)> PersonWithAppAsync(string name)
    {
        var userId = await PersonAsync(name);
        var enrollment = app.Services.GetRequiredService<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(userId, "Google Authenticator");
        var confirmed = await enrollment.ConfirmAsync(userId, await FreshSessions.CreateAsync(app.Services, userId), RfcTotp.CodeAt(setup.SetupKey, app.Clock!.GetUtcNow()));
        Assert.True(confirmed.Check.Succeeded);
        return (userId, setup.SetupKey);
    }
}
