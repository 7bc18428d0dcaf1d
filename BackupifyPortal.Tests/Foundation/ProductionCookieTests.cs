using System.Net;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>Outside Development the cookies that carry a session must never travel over plain HTTP.</summary>
public class ProductionCookieTests(ProductionPortalApp app) : IClassFixture<ProductionPortalApp>
{
    private static readonly Uri Https = new("https://localhost/");

    [Fact]
    public async Task Handoff_InProductionOverHttps_WritesHostPrefixedSecureHttpOnlyAuthCookie()
    {
        using var browser = TestBrowser.Open(app, Https);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);

        using var response = await browser.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bp.auth="));
        Assert.Contains("path=/", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RememberThisBrowser_InProductionOverHttps_WritesAHostPrefixedSecureHttpOnlyLaxCookie()
    {
        using var browser = TestBrowser.Open(app, Https);
        var userId = await HttpSignIn.UserIdAsync(app, DemoPeople.DirectClassic);
        var tickets = app.Services.GetRequiredService<BackupifyPortal.Features.SignIn.ISignInTickets>();
        var ticket = await tickets.IssueAsync(userId, browser.BindingHash, "pwd+totp", rememberBrowser: true);

        using var response = await browser.PostTicketAsync(ticket);

        var remember = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bp.2fa-remember="));
        foreach (var attribute in new[] { "path=/", "secure", "httponly", "samesite=lax" })
            Assert.Contains(attribute, remember, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", remember, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignOutForm_InProductionOverHttps_SetsAHostPrefixedSecureHttpOnlyStrictAntiforgeryCookie()
    {
        using var browser = await SignedInAsync(DemoPeople.Admin);

        using var response = await browser.Client.GetAsync("/accounts");

        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bp.af="));
        foreach (var attribute in new[] { "path=/", "secure", "httponly", "samesite=strict" })
            Assert.Contains(attribute, antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<TestBrowser> SignedInAsync(string email)
    {
        var browser = TestBrowser.Open(app, Https);
        using var response = await browser.PostTicketAsync(await HttpSignIn.IssueTicketAsync(app, email, browser.BindingHash));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return browser;
    }

    [Fact]
    public async Task FirstVisit_InProductionOverHttps_GetsHostPrefixedSecureStrictBindingCookie()
    {
        using var client = app.CreateDefaultClient(Https);

        using var response = await client.GetAsync("/login");

        var binding = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-bp.bind="));
        Assert.Contains("secure", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", binding, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MissingPage_InProduction_AnswersTheStyled404()
    {
        using var client = app.CreateDefaultClient(Https);

        using var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync());
    }
}
