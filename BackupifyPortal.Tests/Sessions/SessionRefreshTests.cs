using BackupifyPortal.Data;
using BackupifyPortal.Features.Passwords;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Sessions;

/// <summary>
/// After a security-stamp rotation only the session that made it lives on (refreshed on the server, same sign-in
/// time); a change made by another session, a password change elsewhere or a reset ends every other session at once.
/// </summary>
public class SessionRefreshTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>, IDisposable
{
    private readonly List<TestBrowser> browsers = [];
    private const string NewPassword = "amber violet tunnel cobbler 7";
    private SecurityStamps Stamps => app.Services.GetRequiredService<SecurityStamps>();
    private SessionRefresh Refresh => app.Services.GetRequiredService<SessionRefresh>();

    [Fact]
    public async Task OwnChange_KeepsThisSession_AndEndsTheOtherBrowser()
    {
        var email = await FreshPeople.CreateAsync(app, "Owen Own", AccountKind.BackupifyClassic);
        var (mine, mySession) = await SignInAsync(email);
        using var other = await HttpSignIn.SignInAsync(app, email);

        using (ActingSession.Begin(mySession)) await Stamps.RotateNowAsync(await HttpSignIn.UserIdAsync(app, email));
        Assert.NotNull(await Refresh.CurrentPrincipalAsync(mySession));
        app.Clock!.Advance(TimeSpan.FromSeconds(61)); // past the revalidation interval: every cookie's stamp is checked

        Assert.True(await IsSignedInAsync(mine));
        Assert.False(await IsSignedInAsync(other));
    }

    [Fact]
    public async Task PasswordChangedInAnotherBrowser_EndsThisSession_ItCannotBeRefreshed()
    {
        var email = await FreshPeople.CreateAsync(app, "Dana Dialog", AccountKind.BackupifyClassic);
        var (dialogOpen, dialogSession) = await SignInAsync(email);
        var (changer, changerSession) = await SignInAsync(email);
        var userId = await HttpSignIn.UserIdAsync(app, email);

        PasswordChangeResult changed;
        using (ActingSession.Begin(changerSession))
            changed = await app.Services.GetRequiredService<IPasswordChange>().ChangeAsync(new PasswordChangeRequest(userId, DemoPeople.Password, NewPassword, NewPassword));
        Assert.True(changed.Succeeded);

        // What the open dialog's circuit asks on the rotation notice: it gets nothing back, its session is over.
        Assert.Null(await Refresh.CurrentPrincipalAsync(dialogSession));
        Assert.False(await IsSignedInAsync(dialogOpen));
        Assert.NotNull(await Refresh.CurrentPrincipalAsync(changerSession));
        app.Clock!.Advance(TimeSpan.FromSeconds(61));
        Assert.True(await IsSignedInAsync(changer));
    }

    [Fact]
    public async Task ResetByAdminOrSupport_EndsEverySession_EvenTheOneThatMadeTheLastOwnChange()
    {
        var email = await FreshPeople.CreateAsync(app, "Rita Reset", AccountKind.BackupifyClassic);
        var (browser, session) = await SignInAsync(email);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        using (ActingSession.Begin(session)) await Stamps.RotateNowAsync(userId);
        Assert.NotNull(await Refresh.CurrentPrincipalAsync(session));

        // A console's reset runs on behalf of the admin's own session (or none): never one of the person's.
        using (ActingSession.Begin("an-admin-session")) await Stamps.RotateNowAsync(userId, twoFactorEnabled: false);

        Assert.Null(await Refresh.CurrentPrincipalAsync(session));
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task RotationMadeOutsideSecurityStamps_RefreshesNoSession()
    {
        var email = await FreshPeople.CreateAsync(app, "Ian Identity", AccountKind.BackupifyClassic);
        var (browser, session) = await SignInAsync(email);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        using (ActingSession.Begin(session)) await Stamps.RotateNowAsync(userId);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(userId))!);
        }

        Assert.Null(await Refresh.CurrentPrincipalAsync(session));
        app.Clock!.Advance(TimeSpan.FromSeconds(61));
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task RefreshAfterAnOwnChange_KeepsTheSignInTime_SoTheSessionStillEndsTwelveHoursAfterSignIn()
    {
        var email = await FreshPeople.CreateAsync(app, "Abe Absolute", AccountKind.BackupifyClassic);
        var (browser, session) = await SignInAsync(email);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        // Busy all day (a request every 20 minutes keeps the idle window open), with an own 2FA change at 11 hours.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock!.Advance(TimeSpan.FromMinutes(20));
            if (elapsed == TimeSpan.FromHours(11))
            {
                using (ActingSession.Begin(session)) await Stamps.RotateNowAsync(userId);
                Assert.NotNull(await Refresh.CurrentPrincipalAsync(session));
            }
            Assert.True(await IsSignedInAsync(browser));
        }

        // 12 h 01 min after sign-in, 21 minutes after the last request: the idle window is still open, the absolute one is not.
        app.Clock!.Advance(TimeSpan.FromMinutes(21));

        Assert.Null(await Refresh.CurrentPrincipalAsync(session));
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task SignOutOtherSessions_ForgetsEveryRememberedBrowser_SoAPasswordAloneNoLongerSkipsTheSecondFactor()
    {
        var email = await FreshPeople.CreateAsync(app, "Remy Remembered", AccountKind.BackupifyClassic);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        using var remembered = TestBrowser.Open(app);
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, remembered.BindingHash, "sms", rememberBrowser: true);
        using (await remembered.PostTicketAsync(ticket)) { }
        Assert.Equal(userId, await RememberedUserIdAsync(remembered));
        var (here, hereSession) = await SignInAsync(email);

        TestClient.Enter("198.51.100.4");
        await app.Services.GetRequiredService<SessionManager>().EndSessionsAsync(userId, hereSession);

        Assert.Null(await RememberedUserIdAsync(remembered));
        Assert.False(await IsSignedInAsync(remembered));
        Assert.NotNull(await Refresh.CurrentPrincipalAsync(hereSession));
        Assert.True(await IsSignedInAsync(here));
    }

    [Fact]
    public async Task LiveCircuit_ItsSessionEndedFromSessionsPanel_IsSignedOutAtOnce_NotAtTheNextRevalidation()
    {
        var email = await FreshPeople.CreateAsync(app, "Cara Circuit", AccountKind.BackupifyClassic);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        var (_, circuitSession) = await SignInAsync(email);
        await using var circuit = await LiveCircuitAsync(circuitSession);

        TestClient.Enter("198.51.100.4");
        await app.Services.GetRequiredService<SessionManager>().EndSessionAsync(userId, circuitSession);

        Assert.False(await circuit.SignedOut.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task LiveCircuit_SignOutOtherSessionsInAnotherBrowser_SignsItOutAtOnce()
    {
        var email = await FreshPeople.CreateAsync(app, "Otto Other", AccountKind.BackupifyClassic);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        var (_, circuitSession) = await SignInAsync(email);
        var (_, elsewhere) = await SignInAsync(email);
        await using var circuit = await LiveCircuitAsync(circuitSession);

        TestClient.Enter("198.51.100.4");
        await app.Services.GetRequiredService<SessionManager>().EndSessionsAsync(userId, elsewhere);

        Assert.False(await circuit.SignedOut.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task PeriodicChecks_OfOneSession_ShareOneAnswerWithinTheWindow_AndSeeTheEndedSessionAfterIt()
    {
        var email = await FreshPeople.CreateAsync(app, "Sasha Shared", AccountKind.BackupifyClassic);
        var (_, session) = await SignInAsync(email);
        var checks = app.Services.GetRequiredService<SharedSessionChecks>();
        var minute = TimeSpan.FromMinutes(1);
        var first = checks.CurrentPrincipalAsync(session, minute);
        Assert.NotNull(await first);

        await using (var db = await app.CreateDbContextAsync())
            await db.AuthSessions.Where(s => s.Id == session).ExecuteDeleteAsync();

        Assert.Same(first, checks.CurrentPrincipalAsync(session, minute)); // a second tab within 5 s: the same answer, no query
        var shortInterval = TimeSpan.FromMilliseconds(600); // window 50 ms
        await Task.Delay(SharedSessionChecks.WindowFor(shortInterval) * 2);
        Assert.Null(await checks.CurrentPrincipalAsync(session, shortInterval));
    }

    [Fact]
    public void PeriodicCheck_WaitPlusTheSharedAnswersAge_StaysWithinTheRevalidationInterval()
    {
        var minute = TimeSpan.FromMinutes(1);
        Assert.True(SharedSessionChecks.DelayFor(minute) + SharedSessionChecks.WindowFor(minute) <= minute);
        Assert.True(SharedSessionChecks.WindowFor(minute) > TimeSpan.Zero);
    }

    /// <summary>A circuit's authentication state provider holding the session, as a live Blazor circuit does; SignedOut completes when it drops the person.</summary>
    private async Task<LiveCircuit> LiveCircuitAsync(string sessionId)
    {
        var scope = app.Services.CreateAsyncScope();
        var provider = (SecurityStampRevalidatingStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState((await Refresh.CurrentPrincipalAsync(sessionId))!)));
        var signedOut = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true) signedOut.TrySetResult(false);
        };
        return new LiveCircuit(scope, signedOut.Task);
    }

    private sealed record LiveCircuit(AsyncServiceScope Scope, Task<bool> SignedOut) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    /// <summary>What App.razor decides for this browser's Log In: the person whose valid remember cookie it holds.</summary>
    private async Task<string?> RememberedUserIdAsync(TestBrowser browser)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = browser.Cookies.GetCookieHeader(browser.Address);
        var trusted = scope.ServiceProvider.GetRequiredService<BackupifyPortal.Features.TrustedBrowsers.TrustedBrowserCookie>();
        return (await trusted.CurrentAsync(context))?.UserId;
    }

    /// <summary>A browser signed in as the person, and the id of the session it got.</summary>
    private async Task<(TestBrowser Browser, string SessionId)> SignInAsync(string email)
    {
        var before = await SessionIdsAsync(email);
        var browser = await HttpSignIn.SignInAsync(app, email);
        browsers.Add(browser);
        return (browser, (await SessionIdsAsync(email)).Except(before).Single());
    }

    private async Task<List<string>> SessionIdsAsync(string email)
    {
        var userId = await HttpSignIn.UserIdAsync(app, email);
        await using var db = await app.CreateDbContextAsync();
        return await db.AuthSessions.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync();
    }

    private static async Task<bool> IsSignedInAsync(TestBrowser browser)
    {
        using var response = await browser.Client.GetAsync("/accounts");
        return !(response.Headers.Location?.OriginalString ?? "").Contains("/login");
    }

    public void Dispose()
    {
        foreach (var browser in browsers) browser.Dispose();
        GC.SuppressFinalize(this);
    }
}
