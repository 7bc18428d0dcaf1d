using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>What the HTTP pipeline answers for portal pages, before any circuit exists.</summary>
public class PageAuthorizationTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    [Fact]
    public async Task Accounts_Anonymous_RedirectsToLoginWithReturnUrl()
    {
        using var browser = TestBrowser.Open(app);

        using var response = await browser.Client.GetAsync("/accounts");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Faccounts", PathAndQuery(response));
    }

    [Theory]
    [InlineData("/partner/{0}")]
    [InlineData("/partner/{0}/settings")]
    public async Task PartnerPages_Anonymous_RedirectToLoginAndComeBack(string template)
    {
        var path = string.Format(template, await AccountIdAsync(DemoPeople.Partner, AccountKind.PartnerPortal));
        using var browser = TestBrowser.Open(app);

        using var response = await browser.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(path), PathAndQuery(response));
    }

    [Theory]
    [InlineData("/backupify/{0}/status")]
    [InlineData("/backupify/{0}/settings")]
    public async Task BackupifyPages_Anonymous_RedirectToLoginAndComeBack(string template)
    {
        var path = string.Format(template, await AccountIdAsync(DemoPeople.Direct, AccountKind.Backupify2));
        using var browser = TestBrowser.Open(app);

        using var response = await browser.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(path), PathAndQuery(response));
    }

    [Fact]
    public async Task LoginPage_Anonymous_IsServed()
    {
        using var browser = TestBrowser.Open(app);

        using var response = await browser.Client.GetAsync("/login?returnUrl=%2Faccounts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Log In", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/partner/{0}", AccountKind.PartnerPortal)]
    [InlineData("/partner/{0}/settings", AccountKind.PartnerPortal)]
    [InlineData("/backupify/{0}/status", AccountKind.Backupify2)]
    [InlineData("/backupify/{0}/settings", AccountKind.Backupify2)]
    public async Task AccountPages_OwnAccount_AreServed(string template, AccountKind kind)
    {
        var path = string.Format(template, await AccountIdAsync(DemoPeople.Partner, kind));
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);

        using var response = await browser.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/partner/{0}", DemoPeople.PartnerClassic, AccountKind.PartnerPortal)]
    [InlineData("/partner/{0}/settings", DemoPeople.PartnerClassic, AccountKind.PartnerPortal)]
    [InlineData("/backupify/{0}/status", DemoPeople.Direct, AccountKind.Backupify2)]
    [InlineData("/backupify/{0}/settings", DemoPeople.DirectClassic, AccountKind.BackupifyClassic)]
    public async Task AccountPages_AnotherPersonsAccountId_Answer403(string template, string owner, AccountKind kind)
    {
        var path = string.Format(template, await AccountIdAsync(owner, kind));
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);

        using var response = await browser.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(owner, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AccountPages_UnknownAccountId_Answer403()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);

        using var response = await browser.Client.GetAsync($"/backupify/{Guid.NewGuid()}/status");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task LoginPage_AbsoluteReturnUrl_IsNotEchoedAsALink()
    {
        using var browser = TestBrowser.Open(app);

        using var response = await browser.Client.GetAsync("/login?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("href=\"https://evil.example", await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> AccountIdAsync(string email, AccountKind kind)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.Accounts.Where(a => a.Owner!.Email == email && a.Kind == kind).Select(a => a.Id).SingleAsync();
    }

    private static string PathAndQuery(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }
}
