using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>
/// Fresh proof is password and second factor within 15 minutes, checked by the services themselves: an attacker with the
/// password and a remembered browser (no factor) cannot remove, replace or add a factor, even by skipping "Confirm it's you".
/// </summary>
public class FreshProofTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private FreshProof Fresh => app.Services.GetRequiredService<FreshProof>();

    [Fact]
    public async Task RememberedBrowserSignIn_IsNoFreshProof_DisablingTheAppWithTheRightPasswordIsRefused()
    {
        var (userId, key) = await PersonWithAppAsync("remembered.app");
        var sessionId = await SignInAsync(userId, FreshProof.RememberedBrowserMethod);
        Assert.False(await Fresh.IsFreshAsync(userId, sessionId));

        var result = await app.Services.GetRequiredService<IAuthenticatorEnrollment>().DisableAsync(userId, sessionId, DemoPeople.Password, null, confirmLastFactor: true);

        Assert.Equal(TotpCheckOutcome.NeedsFreshProof, result.Outcome);
        Assert.True(await HasAppAsync(userId));
        Assert.DoesNotContain(AuditEventTypes.AuthenticatorDisabled, await AuditTypesAsync(userId));
        // The same session, once it gives the factor ("Confirm it's you" with a code), may.
        app.Clock!.Advance(TimeSpan.FromSeconds(60));
        var confirmed = await app.Services.GetRequiredService<IdentityConfirmation>().WithAppCodeAsync(sessionId, userId, RfcTotp.CodeAt(key, app.Clock.GetUtcNow()));
        Assert.True(confirmed.Confirmed);
        Assert.True((await app.Services.GetRequiredService<IAuthenticatorEnrollment>().DisableAsync(userId, sessionId, DemoPeople.Password, null, confirmLastFactor: true)).Succeeded);
        Assert.False(await HasAppAsync(userId));
    }

    [Fact]
    public async Task RememberedBrowserSignIn_CannotTurnOffThePhoneWithThePassword_NorSaveAnotherNumber()
    {
        var userId = await PersonAsync("remembered.phone");
        await SetVerifiedPhoneAsync(userId, "+447400123456");
        var sessionId = await SignInAsync(userId, FreshProof.RememberedBrowserMethod);
        var phones = app.Services.GetRequiredService<IPhoneEnrollment>();

        Assert.Equal(DisablePhoneStatus.NeedsFreshProof, (await phones.DisableWithPasswordAsync(userId, sessionId, DemoPeople.Password, confirmLastFactor: true)).Status);
        var saved = await phones.SavePendingAsync(new EnrollPhoneRequest(userId, "GB", "07400 999888", false, false, DemoPeople.Password, sessionId));

        Assert.True(saved.NeedsFreshProof);
        await using var db = await app.CreateDbContextAsync();
        var profile = await db.Factors.AsNoTracking().SingleAsync(f => f.UserId == userId && f.Kind == FactorKind.Phone);
        Assert.Equal((PhoneState.Verified, "+447400123456"), (profile.PhoneState, profile.PhoneE164));
    }

    [Fact]
    public async Task SignedInSessionOlderThan15Minutes_CannotSaveAPendingNumber_TheNextSignInKeepsItsOwnFactor()
    {
        var userId = await PersonAsync("stale.pending");
        var sessionId = await SignInAsync(userId, "pwd");
        app.Clock!.Advance(TimeSpan.FromMinutes(15));

        var saved = await app.Services.GetRequiredService<IPhoneEnrollment>().SavePendingAsync(
            new EnrollPhoneRequest(userId, "GB", "07400 111222", false, false, SessionId: sessionId));

        Assert.True(saved.NeedsFreshProof);
        Assert.Equal(FreshProof.Needed, saved.Error);
        Assert.False(await app.Services.GetRequiredService<ISecondFactorRequirement>().IsRequiredAsync(userId));
    }

    [Fact]
    public async Task SignInThroughTheSecondFactor_IsFreshProofFor15Minutes_OfThatSessionOnly()
    {
        var userId = await PersonAsync("full.signin");
        var sessionId = await SignInAsync(userId, "pwd+otp");
        var other = await PersonAsync("someone.else");

        Assert.True(await Fresh.IsFreshAsync(userId, sessionId));
        Assert.False(await Fresh.IsFreshAsync(other, sessionId));
        app.Clock!.Advance(TimeSpan.FromMinutes(15));
        Assert.False(await Fresh.IsFreshAsync(userId, sessionId));
    }

    /// <summary>Signs in over HTTP with a ticket of the given method and returns the new session's id.</summary>
    private async Task<string> SignInAsync(string userId, string method)
    {
        using var browser = TestBrowser.Open(app);
        // A remembered-browser sign-in needs a browser that holds a valid remember cookie (the hand-off checks it).
        if (method == FreshProof.RememberedBrowserMethod)
        {
            var remember = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, browser.BindingHash, "sms", rememberBrowser: true);
            using (await browser.PostTicketAsync(remember)) { }
        }
        var before = await SessionIdsAsync(userId);
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, browser.BindingHash, method, rememberBrowser: false);
        using var response = await browser.PostTicketAsync(ticket);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        return Assert.Single((await SessionIdsAsync(userId)).Except(before));
    }

    private async Task<List<string>> SessionIdsAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuthSessions.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync();
    }

    private async Task<string> PersonAsync(string name) =>
        await HttpSignIn.UserIdAsync(app, await Browser.TwoFactor.FreshPeople.CreateAsync(app, name));

    private async Task<(string UserId, string Key)> PersonWithAppAsync(string name)
    {
        var userId = await PersonAsync(name);
        var enrollment = app.Services.GetRequiredService<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(userId, "Google Authenticator");
        var confirmed = await enrollment.ConfirmAsync(userId, await FreshSessions.CreateAsync(app.Services, userId), RfcTotp.CodeAt(setup.SetupKey, app.Clock!.GetUtcNow()));
        Assert.True(confirmed.Check.Succeeded);
        return (userId, setup.SetupKey);
    }

    private async Task SetVerifiedPhoneAsync(string userId, string e164)
    {
        await using var db = await app.CreateDbContextAsync();
        db.Factors.Add(FactorRows.Phone(userId, e164, PhoneState.Verified, verifiedAt: app.Clock!.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    private async Task<bool> HasAppAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.Factors.AnyAsync(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp);
    }

    private async Task<List<string>> AuditTypesAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.UserId == userId).Select(e => e.Type).ToListAsync();
    }
}
