using System.Net;
using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>
/// Issue 14: a setup link opened before signing in never carries its token on into /login?returnUrl=… (logged, kept in
/// history, shared); the server keeps the link for this browser and /setup resumes it after Log In.
/// </summary>
public partial class SetupLinkHoldTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    [Fact]
    public async Task SetupLink_OpenedBeforeLogIn_GoesToACleanLogIn_ThenSetupUsesTheLinkAfterSignIn()
    {
        var (userId, token) = await PersonWithLinkAsync("held.link");
        using var browser = TestBrowser.Open(app);

        using var opened = await browser.Client.GetAsync($"/setup/{token}");

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var location = opened.Headers.Location!.OriginalString;
        Assert.Equal(SetupLinkHold.CleanLogin, location.Replace("http://localhost", ""));
        Assert.DoesNotContain(token, location);
        Assert.All(opened.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain(token, c));
        using (var login = await browser.Client.GetAsync(location)) Assert.DoesNotContain(token, await login.Content.ReadAsStringAsync());
        Assert.Null(await UsedAtAsync(userId));

        await SignInAsync(browser, userId);
        using var setup = await browser.Client.GetAsync("/setup");

        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.NotNull(await UsedAtAsync(userId));
        Assert.Null(browser.Cookie(SetupLinkHold.CookieName));
        await using var db = await app.CreateDbContextAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.UserId == userId && e.Type == AuditEventTypes.SetupLinkUsed));
    }

    [Fact]
    public async Task SetupLink_OpenedBeforeLogIn_ThenSignedInAsSomeoneElse_SaysSoAndTheLinkStaysUnused()
    {
        var (userId, token) = await PersonWithLinkAsync("held.owner");
        var otherId = await HttpSignIn.UserIdAsync(app, await FreshPeople.CreateAsync(app, "held.other"));
        using var browser = TestBrowser.Open(app);
        using (await browser.Client.GetAsync($"/setup/{token}")) { }

        await SignInAsync(browser, otherId);
        using var setup = await browser.Client.GetAsync("/setup");

        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        Assert.EndsWith(SetupLinkHold.OtherPersonRoute, setup.Headers.Location!.OriginalString);
        Assert.Null(await UsedAtAsync(userId));
    }

    private async Task SignInAsync(TestBrowser browser, string userId)
    {
        var ticket = await app.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, browser.BindingHash, "pwd", rememberBrowser: false);
        using var response = await browser.PostTicketAsync(ticket);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<(string UserId, string Token)> PersonWithLinkAsync(string name)
    {
        var email = await FreshPeople.CreateAsync(app, name);
        var userId = await HttpSignIn.UserIdAsync(app, email);
        Assert.True((await app.Services.GetRequiredService<SetupLinks>().SendToSelfAsync(userId)).Sent);
        await using var db = await app.CreateDbContextAsync();
        var mail = await db.OutboxMessages.Where(m => m.To == email).Select(m => m.Text).SingleAsync();
        return (userId, Token().Match(mail).Groups[1].Value);
    }

    private async Task<DateTimeOffset?> UsedAtAsync(string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.SetupLinks.Where(l => l.UserId == userId).Select(l => l.UsedAt).SingleAsync();
    }

    [GeneratedRegex(@"/setup/([A-Za-z0-9_\-]{43})")]
    private static partial Regex Token();
}
