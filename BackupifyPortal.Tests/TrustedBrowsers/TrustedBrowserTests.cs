using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.TwoFactor;
using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Passwords;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TrustedBrowsers;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.TrustedBrowsers;

/// <summary>
/// Issue 17 item 3: each remembered browser is a row; its cookie names the row, so one browser can be forgotten on the
/// server while the others stay trusted; Forget and Forget all need fresh proof and are audited (Forget all mailed);
/// a password change forgets them all.
/// </summary>
public class TrustedBrowserTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private const string Address = "198.51.100.23";
    private const string ChromeOnLinux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private RememberedBrowsers Remembered => app.Services.GetRequiredService<RememberedBrowsers>();

    [Fact]
    public async Task Remembering_KeepsTheBrowserInPlainWordsAndOnlyTheNetwork_AndTheCookieNamesTheRowSealed()
    {
        var (_, userId) = await PersonWithPhoneAsync("plain.words");
        using var browser = await RememberedBrowserAsync(userId);

        await using var db = await app.CreateDbContextAsync();
        var row = await db.TrustedBrowsers.SingleAsync(b => b.UserId == userId);
        Assert.Equal("Chrome on Linux", row.Browser);
        Assert.Equal((app.Clock!.GetUtcNow() + TimeSpan.FromDays(30)).ToUnixTimeMilliseconds(), row.ExpiresAt.ToUnixTimeMilliseconds());
        var cookie = browser.Cookie("bp.2fa-remember");
        Assert.NotNull(cookie);
        Assert.DoesNotContain(row.Id.ToString("N"), cookie.Value, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new TrustedBrowserRef(row.Id, userId), await CurrentAsync(browser));

        TestClient.Enter("203.0.113.77");
        var v4 = await Remembered.RememberAsync(userId, ChromeOnLinux, replacing: null);
        TestClient.Enter("2001:db8:abcd:12:1:2:3:4");
        var v6 = await Remembered.RememberAsync(userId, ChromeOnLinux, replacing: null);
        Assert.Equal(("203.0.113.0/24", "2001:db8:abcd::/48"), (v4.Network, v6.Network));
        Assert.Equal(3, (await Remembered.ListAsync(userId)).Count);
    }

    [Fact]
    public async Task ForgettingOneBrowser_ItsCookieSkipsNothingAtLogInOrAtTheHandoff_WhileAnotherRememberedBrowserStillSkips()
    {
        var (email, userId) = await PersonWithPhoneAsync("forget.one");
        using var forgotten = await RememberedBrowserAsync(userId);
        using var kept = await RememberedBrowserAsync(userId);
        var forgottenRow = (await CurrentAsync(forgotten))!.Id;
        var stampBefore = await StampAsync(userId);
        var keptRow = (await CurrentAsync(kept))!.Id;

        TestClient.Enter(Address);
        var result = await Remembered.ForgetAsync(userId, await FreshSessions.CreateAsync(app.Services, userId), forgottenRow);

        Assert.True(result.Succeeded);
        Assert.Null(await CurrentAsync(forgotten)); // what Log In's prerender puts in the snapshot: not remembered
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, forgotten.BindingHash, Features.TwoFactor.FreshProof.RememberedBrowserMethod, false);
        using (var refused = await forgotten.PostTicketAsync(ticket)) Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var signIn = await CheckPasswordAsync(email, new BrowserSnapshot(kept.BindingHash, userId, keptRow));
        Assert.Equal(PasswordOutcome.SignedIn, signIn.Outcome);
        using (var handoff = await kept.PostTicketAsync(signIn.Ticket!)) Assert.Equal(HttpStatusCode.NoContent, handoff.StatusCode);
        var listed = Assert.Single(await Remembered.ListAsync(userId));
        Assert.Equal((keptRow, app.Clock!.GetUtcNow().ToUnixTimeMilliseconds()), (listed.Id, listed.LastUsedAt?.ToUnixTimeMilliseconds()));

        Assert.Equal(1, await AuditCountAsync(userId, AuditEventTypes.TrustedBrowserForgotten));
        Assert.Equal(stampBefore, await StampAsync(userId)); // the row is the check: no other session had to end
        Assert.Empty(await EmailsAsync(email));
    }

    [Fact]
    public async Task Forget_FromASessionWithoutFreshProof_IsRefused_AndTheBrowserStaysTrusted()
    {
        var (_, userId) = await PersonWithPhoneAsync("no.proof");
        using var browser = await RememberedBrowserAsync(userId);
        var row = (await CurrentAsync(browser))!.Id;
        var unproved = await FreshSessions.RememberedBrowserAsync(app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), userId, app.Clock!.GetUtcNow());

        TestClient.Enter(Address);
        Assert.Equal(ForgetOutcome.NeedsFreshProof, (await Remembered.ForgetAsync(userId, unproved, row)).Outcome);
        Assert.Equal(ForgetOutcome.NeedsFreshProof, (await Remembered.ForgetAllAsync(userId, unproved)).Outcome);

        Assert.NotNull(await CurrentAsync(browser));
        Assert.Equal(0, await AuditCountAsync(userId, AuditEventTypes.TrustedBrowserForgotten));
    }

    [Fact]
    public async Task Forget_AnotherPersonsBrowser_IsNotFound_AndItStaysTrusted()
    {
        var (_, owner) = await PersonWithPhoneAsync("owner");
        var (_, stranger) = await PersonWithPhoneAsync("stranger");
        using var browser = await RememberedBrowserAsync(owner);

        TestClient.Enter(Address);
        var result = await Remembered.ForgetAsync(stranger, await FreshSessions.CreateAsync(app.Services, stranger), (await CurrentAsync(browser))!.Id);

        Assert.Equal(ForgetOutcome.NotFound, result.Outcome);
        Assert.NotNull(await CurrentAsync(browser));
    }

    [Fact]
    public async Task ForgetAll_ForgetsEveryBrowser_OneAuditEvent_OneNoticeEmail_AndTheSessionsStay()
    {
        var (email, userId) = await PersonWithPhoneAsync("forget.all");
        using var first = await RememberedBrowserAsync(userId);
        using var second = await RememberedBrowserAsync(userId);
        var session = await FreshSessions.CreateAsync(app.Services, userId);

        TestClient.Enter(Address);
        var result = await Remembered.ForgetAllAsync(userId, session);

        Assert.Equal((ForgetOutcome.Done, 2), (result.Outcome, result.Forgotten));
        Assert.Null(await CurrentAsync(first));
        Assert.Null(await CurrentAsync(second));
        Assert.Empty(await Remembered.ListAsync(userId));
        Assert.Equal(1, await AuditCountAsync(userId, AuditEventTypes.TrustedBrowsersForgotten));
        var notice = Assert.Single(await EmailsAsync(email));
        Assert.Contains(RememberedBrowsers.ForgetAllNotice, notice.Text);
        await using var db = await app.CreateDbContextAsync();
        Assert.True(await db.AuthSessions.AnyAsync(s => s.Id == session));
    }

    [Fact]
    public async Task PasswordChange_ForgetsEveryTrustedBrowser_SoThePasswordAloneSkipsNothing()
    {
        var (_, userId) = await PersonWithPhoneAsync("password.change");
        using var browser = await RememberedBrowserAsync(userId);
        const string NewPassword = "amber violet tunnel cobbler 7";

        TestClient.Enter(Address);
        var changed = await app.Services.GetRequiredService<IPasswordChange>().ChangeAsync(new PasswordChangeRequest(userId, DemoPeople.Password, NewPassword, NewPassword));

        Assert.True(changed.Succeeded);
        Assert.Null(await CurrentAsync(browser));
        Assert.Empty(await Remembered.ListAsync(userId));
    }

    [Fact]
    public async Task TurningTwoFactorOff_ForgetsEveryTrustedBrowser_SoOneSetUpAgainLaterIsAskedFor()
    {
        var (_, userId) = await PersonWithPhoneAsync("turned.off");
        using var browser = await RememberedBrowserAsync(userId);
        var session = await FreshSessions.CreateAsync(app.Services, userId);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IPhoneEnrollment>()
                .DisableWithPasswordAsync(userId, session, DemoPeople.Password, confirmLastFactor: true);
            Assert.Equal(DisablePhoneStatus.Disabled, result.Status);
        }

        Assert.Null(await CurrentAsync(browser));
        Assert.Empty(await Remembered.ListAsync(userId));
    }

    [Fact]
    public async Task RememberedBrowser_AfterItsThirtyDays_SkipsNothing_AndIsNoLongerListed()
    {
        var (_, userId) = await PersonWithPhoneAsync("thirty.days");
        using var browser = await RememberedBrowserAsync(userId);
        Assert.NotNull(await CurrentAsync(browser));

        app.Clock!.Advance(TimeSpan.FromDays(30));

        Assert.Null(await CurrentAsync(browser));
        Assert.Empty(await Remembered.ListAsync(userId));
    }

    [Fact]
    public async Task HandMadeCookie_NamingARealRow_IsNoTrustedBrowser()
    {
        var (_, userId) = await PersonWithPhoneAsync("hand.made");
        TestClient.Enter(Address);
        var row = await Remembered.RememberAsync(userId, ChromeOnLinux, replacing: null);
        using var browser = TestBrowser.Open(app);
        browser.Cookies.Add(browser.Address, new System.Net.Cookie("bp.2fa-remember", $"{row.Id:N}|{userId}"));

        Assert.Null(await CurrentAsync(browser));
    }

    private async Task<TrustedBrowserRef?> CurrentAsync(TestBrowser browser)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = browser.Cookies.GetCookieHeader(browser.Address);
        return await scope.ServiceProvider.GetRequiredService<TrustedBrowserCookie>().CurrentAsync(context);
    }

    /// <summary>A browser that passed the second factor with "Remember this browser", then signed out.</summary>
    private async Task<TestBrowser> RememberedBrowserAsync(string userId)
    {
        var browser = TestBrowser.Open(app);
        browser.Client.DefaultRequestHeaders.UserAgent.ParseAdd(ChromeOnLinux);
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, browser.BindingHash, "pwd+sms", rememberBrowser: true);
        using (var response = await browser.PostTicketAsync(ticket)) Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = await app.CreateDbContextAsync();
        await db.AuthSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync();
        return browser;
    }

    private async Task<PasswordCheckResult> CheckPasswordAsync(string email, BrowserSnapshot page)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, DemoPeople.Password, page, null);
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

    private async Task<int> AuditCountAsync(string userId, string type)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuditEvents.CountAsync(e => e.UserId == userId && e.Type == type);
    }

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }

    private async Task<List<OutboxMessage>> EmailsAsync(string email)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.OutboxMessages.Where(m => m.To == email && m.Channel == "Email").ToListAsync();
    }
}
