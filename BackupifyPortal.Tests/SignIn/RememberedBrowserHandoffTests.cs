using BackupifyPortal.Tests.TwoFactor;
using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.SignIn;

/// <summary>
/// Issue 14: Log In decides "remembered" from the page it rendered; the hand-off asks the browser's remember cookie again,
/// so a browser forgotten (or remembered before a stamp rotation) after the page was rendered never skips the second factor.
/// </summary>
public class RememberedBrowserHandoffTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private const string Address = "198.51.100.23";

    [Fact]
    public async Task RememberedBrowserForgottenAfterLogInRendered_PasswordAlone_IsRefusedAtTheHandoff_AndNoSessionStarts()
    {
        var (email, userId) = await PersonWithPhoneAsync("forgotten.browser");
        using var browser = await RememberedBrowserAsync(userId);
        var page = new BrowserSnapshot(browser.BindingHash, RememberedUserId: userId); // what Log In saw when it rendered
        TestClient.Enter(Address);
        await app.Services.GetRequiredService<SessionManager>().EndSessionsAsync(userId, null); // "Sign out other sessions" elsewhere

        var result = await CheckPasswordAsync(email, DemoPeople.Password, page, null);
        Assert.Equal(PasswordOutcome.SignedIn, result.Outcome);
        var sessionsBefore = await SessionCountAsync(userId);
        using var handoff = await browser.PostTicketAsync(result.Ticket!);

        Assert.Equal(HttpStatusCode.Conflict, handoff.StatusCode);
        Assert.Equal(sessionsBefore, await SessionCountAsync(userId));
        Assert.Contains("no longer remembered", await handoff.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RememberedTicket_InABrowserThatHoldsNoRememberCookie_IsRefused()
    {
        var (_, userId) = await PersonWithPhoneAsync("never.remembered");
        using var browser = TestBrowser.Open(app);
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, browser.BindingHash, FreshProof.RememberedBrowserMethod, rememberBrowser: false);

        using var handoff = await browser.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.Conflict, handoff.StatusCode);
        Assert.Equal(0, await SessionCountAsync(userId));
    }

    [Fact]
    public async Task RememberedBrowserStillValid_PasswordAlone_SignsIn()
    {
        var (email, userId) = await PersonWithPhoneAsync("still.remembered");
        using var browser = await RememberedBrowserAsync(userId);
        var page = new BrowserSnapshot(browser.BindingHash, RememberedUserId: userId);

        var result = await CheckPasswordAsync(email, DemoPeople.Password, page, null);
        using var handoff = await browser.PostTicketAsync(result.Ticket!);

        Assert.Equal(HttpStatusCode.NoContent, handoff.StatusCode);
    }

    private async Task<PasswordCheckResult> CheckPasswordAsync(string email, string password, BrowserSnapshot page, string? returnUrl)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, page, returnUrl);
    }

    /// <summary>A browser that passed the second factor with "Remember this browser", then signed out.</summary>
    private async Task<TestBrowser> RememberedBrowserAsync(string userId)
    {
        var browser = TestBrowser.Open(app);
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, browser.BindingHash, "sms", rememberBrowser: true);
        using (var response = await browser.PostTicketAsync(ticket)) Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = await app.CreateDbContextAsync();
        await db.AuthSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync();
        return browser;
    }

    private async Task<(string Email, string UserId)> PersonWithPhoneAsync(string name)
    {
        var email = await FreshPeople.CreateAsync(app, name);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        await using var db = await app.CreateDbContextAsync();
        db.Factors.Add(FactorRows.Phone(userId, "+447400123456", PhoneState.Verified, verifiedAt: app.Clock!.GetUtcNow()));
        await db.SaveChangesAsync();
        return (email, userId);
    }

    private async Task<int> SessionCountAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuthSessions.CountAsync(s => s.UserId == userId);
    }
}
