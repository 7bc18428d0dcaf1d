using System.Net;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>The circuit-to-cookie hand-off (POST /account/handoff) as an attacker holding a ticket would try it.</summary>
public class CookieHandoffTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private const string AuthCookie = "bp.auth";

    [Fact]
    public async Task Handoff_FreshTicketFromThisBrowser_Answers204AndWritesHttpOnlyAuthCookie()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);

        using var response = await browser.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthCookie + "="));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(browser.Cookie(AuthCookie));
    }

    [Fact]
    public async Task Handoff_GoodTicket_SignsInSoTheAccountChooserOpens()
    {
        using var browser = await HttpSignIn.SignInAsync(app, DemoPeople.Partner);

        using var response = await browser.Client.GetAsync("/accounts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Multi-Account Login", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Handoff_TicketUsedTwice_SecondIsRefused()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);
        using var first = await browser.PostTicketAsync(ticket);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);

        using var replayer = TestBrowser.Open(app);
        replayer.Cookies.Add(TestBrowser.BaseAddress, new System.Net.Cookie(BrowserBinding.CookieName, browser.Binding));
        using var second = await replayer.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Null(replayer.Cookie(AuthCookie));
    }

    [Fact]
    public async Task Handoff_TicketOlderThanItsLifetime_IsRefused()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);
        app.Clock!.Advance(TimeSpan.FromSeconds(31));

        using var response = await browser.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.Cookie(AuthCookie));
    }

    [Fact]
    public async Task Handoff_TicketJustInsideItsLifetime_IsAccepted()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);
        app.Clock!.Advance(TimeSpan.FromSeconds(25));

        using var response = await browser.PostTicketAsync(ticket);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-ticket")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public async Task Handoff_ForgedTicket_IsRefused(string forged)
    {
        using var browser = TestBrowser.Open(app);

        using var response = await browser.PostTicketAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.Cookie(AuthCookie));
    }

    [Fact]
    public async Task Handoff_RandomTicketOfTheRightShape_IsRefused()
    {
        using var browser = TestBrowser.Open(app);
        var forged = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        using var response = await browser.PostTicketAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Handoff_TicketPresentedFromAnotherBrowser_IsRefusedAndStaysUsableInItsOwn()
    {
        using var owner = TestBrowser.Open(app);
        using var thief = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, owner.BindingHash);

        using var stolen = await thief.PostTicketAsync(ticket);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Null(thief.Cookie(AuthCookie));

        using var own = await owner.PostTicketAsync(ticket);
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
    }

    [Fact]
    public async Task Handoff_RequestWithoutBindingCookie_IsRefused()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);
        using var bare = app.CreateDefaultClient(TestBrowser.BaseAddress);

        using var response = await bare.PostAsync("/account/handoff", new FormUrlEncodedContent([new("ticket", ticket)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Handoff_TicketInTheQueryString_IsNotAccepted()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);

        using var response = await browser.Client.PostAsync($"/account/handoff?ticket={ticket}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Handoff_GoodAndRefusedTickets_NeverAppearInLogs()
    {
        using var browser = TestBrowser.Open(app);
        var ticket = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);
        using (await browser.PostTicketAsync(ticket)) { }
        using (await browser.PostTicketAsync(ticket)) { }
        using var other = TestBrowser.Open(app);
        var refused = await HttpSignIn.IssueTicketAsync(app, DemoPeople.Partner, browser.BindingHash);
        using (await other.PostTicketAsync(refused)) { }

        Assert.NotEmpty(app.Logs.Entries);
        Assert.Empty(app.Logs.Containing(ticket));
        Assert.Empty(app.Logs.Containing(refused));
        Assert.Empty(app.Logs.Containing(browser.Binding));
        Assert.Empty(app.Logs.Containing(DemoPeople.Password));
    }
}
