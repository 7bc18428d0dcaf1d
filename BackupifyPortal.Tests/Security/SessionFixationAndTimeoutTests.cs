using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Security;

/// <summary>Every sign-in gets a new session id (ASVS 7.2.4), and open tabs are held to the idle and absolute timeouts (ASVS 7.3.1/7.3.2).</summary>
public class SessionFixationAndTimeoutTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private SessionManager Sessions => app.Services.GetRequiredService<SessionManager>();

    [Fact]
    public async Task SignInAgainInTheSameBrowser_GetsANewSessionId_AndTheOldCookieIsDead()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Direct);
        var first = await NewestSessionAsync(DemoPeople.Direct);
        var oldCookie = browser.Cookie("bp.auth")!.Value;

        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Direct, browser.BindingHash);
        using var response = await browser.PostTicketAsync(ticket);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var second = await NewestSessionAsync(DemoPeople.Direct);
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(oldCookie, browser.Cookie("bp.auth")!.Value);
        Assert.False(await Sessions.IsActiveAsync(first.Id));
        using var replay = TestBrowser.Open(app);
        replay.Cookies.Add(replay.Address, new System.Net.Cookie("bp.auth", oldCookie));
        using var page = await replay.Client.GetAsync("/accounts");
        Assert.Contains("/login", page.Headers.Location?.OriginalString ?? "");
    }

    [Fact]
    public async Task NoTicketRenewsALiveSession_OnlyTheHandoffStartsANewOne()
    {
        using var browser = TestBrowser.Open(app);
        var signIn = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Admin, browser.BindingHash);

        // After a stamp rotation the server keeps the session that made it (SessionRefresh): no endpoint re-issues cookies.
        using var asRefresh = await browser.Client.PostAsync("/account/refresh", new FormUrlEncodedContent([new("ticket", signIn)]));

        Assert.NotEqual(HttpStatusCode.NoContent, asRefresh.StatusCode);
        Assert.Null(browser.Cookie("bp.auth"));
    }

    [Fact]
    public async Task OpenTab_LeftAlonePastTheIdleTimeout_IsNoLongerActive()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.PartnerClassic);
        var session = await NewestSessionAsync(DemoPeople.PartnerClassic);
        app.Clock!.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await Sessions.IsActiveAsync(session.Id));

        app.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.False(await Sessions.IsActiveAsync(session.Id));
    }

    [Fact]
    public async Task WorkInALiveCircuit_KeepsTheSessionAlive_ForTheNextPageLoadToo()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);
        var session = await NewestSessionAsync(DemoPeople.Partner);

        // Clicks in the circuit every 20 minutes, no HTTP request in between: 60 minutes later still signed in.
        for (var i = 0; i < 3; i++)
        {
            app.Clock!.Advance(TimeSpan.FromMinutes(20));
            await Sessions.ExtendAsync(session.Id);
            Assert.True(await Sessions.IsActiveAsync(session.Id));
        }
        using var page = await browser.Client.GetAsync("/accounts");
        Assert.DoesNotContain("/login", page.Headers.Location?.OriginalString ?? "");
    }

    [Fact]
    public async Task BusyCircuit_StillEndsAtTheAbsoluteTimeout()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Support);
        var session = await NewestSessionAsync(DemoPeople.Support);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock!.Advance(TimeSpan.FromMinutes(20));
            await Sessions.ExtendAsync(session.Id);
        }
        Assert.True(await Sessions.IsActiveAsync(session.Id));

        app.Clock!.Advance(TimeSpan.FromMinutes(40));
        await Sessions.ExtendAsync(session.Id);

        Assert.False(await Sessions.IsActiveAsync(session.Id));
    }

    private async Task<AuthSession> NewestSessionAsync(string email)
    {
        var userId = await HttpSignIn.UserIdAsync(app, email);
        await using var db = await app.CreateDbContextAsync();
        return await db.AuthSessions.AsNoTracking().Where(s => s.UserId == userId).OrderByDescending(s => s.CreatedAt).FirstAsync();
    }
}
