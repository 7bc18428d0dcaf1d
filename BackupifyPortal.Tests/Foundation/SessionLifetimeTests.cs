using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>A session ends when it idles, when it gets too old, and when the person's security stamp changes.</summary>
public class SessionLifetimeTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    [Fact]
    public async Task Session_IdleLongerThanTheIdleTimeout_IsSentToLogin()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Direct);
        Assert.True(await IsSignedInAsync(browser));

        app.Clock!.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Session_ActiveButOlderThanTheAbsoluteTimeout_IsSentToLogin()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.DirectClassic);
        // Busy all day: a request every 20 minutes keeps the sliding idle window open.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock!.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await IsSignedInAsync(browser));
        }

        app.Clock!.Advance(TimeSpan.FromMinutes(40));

        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Session_AfterTheSecurityStampChanges_EndsWithinTheRevalidationInterval()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.PartnerClassic);
        Assert.True(await IsSignedInAsync(browser));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(DemoPeople.PartnerClassic))!);
        }
        app.Clock!.Advance(TimeSpan.FromSeconds(61));

        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefusedAndTheSessionStays()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Admin);

        using var response = await browser.Client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task SignOut_WithTheFormsToken_RedirectsToLoginAndEndsTheSession()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);
        var token = await AntiforgeryTokenAsync(browser, "/accounts");

        using var response = await browser.Client.PostAsync("/account/logout",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task CookieCopiedBeforeSignOut_IsRefusedAfterIt()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);
        using var thief = TestBrowser.Open(app);
        thief.Cookies.Add(thief.Address, new System.Net.Cookie("bp.auth", browser.Cookie("bp.auth")!.Value));
        Assert.True(await IsSignedInAsync(thief));
        var token = await AntiforgeryTokenAsync(browser, "/accounts");

        using var signOut = await browser.Client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.False(await IsSignedInAsync(thief));
    }

    /// <summary>The chooser opens (or, for one account, forwards to it) only for a live session; otherwise it sends the browser to /login.</summary>
    private static async Task<bool> IsSignedInAsync(TestBrowser browser)
    {
        using var response = await browser.Client.GetAsync("/accounts");
        if (response.StatusCode == HttpStatusCode.OK) return true;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return !response.Headers.Location!.OriginalString.Contains("/login");
    }

    /// <summary>The hidden antiforgery field of the page's Sign Out form, as a browser would submit it.</summary>
    private static async Task<string> AntiforgeryTokenAsync(TestBrowser browser, string path)
    {
        var html = await browser.Client.GetStringAsync(path);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        Assert.True(match.Success, $"No antiforgery field on {path}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
