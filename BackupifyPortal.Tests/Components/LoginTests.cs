using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using static BackupifyPortal.Tests.Infrastructure.LoginFormPost;

namespace BackupifyPortal.Tests.Components;

/// <summary>Log In, a static page: its form posted over HTTP to the real app (real SQLite, the real password sign-in).</summary>
public class LoginTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    [Fact]
    public async Task Login_PasswordField_IsMaskedWithAShowToggle_AndWelcomesPasswordManagersAndPaste()
    {
        using var browser = TestBrowser.Open(app);
        var page = await PageAsync(browser);
        var password = Field(page, "Password");

        Assert.Equal("password", password.GetAttribute("type"));
        Assert.Equal("current-password", password.GetAttribute("autocomplete"));
        Assert.Null(password.GetAttribute("onpaste"));
        // "webauthn": the browser offers passkeys in the Email field's suggestions (conditional mediation).
        Assert.Equal("username webauthn", Field(page, "Email").GetAttribute("autocomplete"));
        // The toggle is a real button for the password field (js/login.js shows it and flips it; PageStartBrowserTests presses it).
        var toggle = page.QuerySelector("button[aria-label='Show the characters']")!;
        Assert.Equal("false", toggle.GetAttribute("aria-pressed"));
        Assert.Equal(password.Id, toggle.GetAttribute("aria-controls"));
        Assert.Equal("button", toggle.GetAttribute("type"));
    }

    [Fact]
    public async Task Login_EmptySubmit_ShowsMessagesNextToTheFields()
    {
        using var browser = TestBrowser.Open(app);
        var audited = await AuditRowsAsync(app);

        using var response = await PostAsync(browser, "", "");
        var page = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Enter your email address.", MessageUnder(page, "Email"));
        Assert.Equal("Enter your password.", MessageUnder(page, "Password"));
        Assert.Equal("true", Field(page, "Password").GetAttribute("aria-invalid"));
        Assert.Equal(audited, await AuditRowsAsync(app));
    }

    [Fact]
    public async Task Login_MalformedEmail_ExplainsTheExpectedShape()
    {
        using var browser = TestBrowser.Open(app);
        var audited = await AuditRowsAsync(app);

        using var response = await PostAsync(browser, "not-an-email", "whatever-password");
        var page = await ParseAsync(response);

        Assert.Equal("Enter an email address like name@example.com.", MessageUnder(page, "Email"));
        Assert.Equal("not-an-email", Field(page, "Email").GetAttribute("value"));
        Assert.Equal(audited, await AuditRowsAsync(app));
    }

    [Theory]
    [InlineData("nobody@demo.test")]
    [InlineData("partner@demo.test")]
    public async Task Login_UnknownEmailOrWrongPassword_ShowsTheSameGenericError(string email)
    {
        using var browser = TestBrowser.Open(app);

        using var response = await PostAsync(browser, email, "wrong-password-123");
        var page = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Incorrect email or password.", Alert(page));
        // The email is kept; the password is never sent back.
        Assert.Equal(email, Field(page, "Email").GetAttribute("value"));
        Assert.Null(Field(page, "Password").GetAttribute("value"));
        Assert.DoesNotContain("wrong-password-123", page.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task Login_WithoutTheAntiforgeryToken_IsRefusedAndChecksNothing()
    {
        var email = await FreshPeople.CreateAsync(app, "Ann Forgery", AccountKind.BackupifyClassic);
        using var browser = TestBrowser.Open(app);
        var audited = await AuditRowsAsync(app);

        using var response = await PostAsync(browser, email, DemoPeople.Password, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.Cookie("bp.auth"));
        Assert.Equal(audited, await AuditRowsAsync(app));
    }

    [Fact]
    public async Task Login_LockedOut_TellsHowLongToWait()
    {
        var email = await FreshPeople.CreateAsync(app, "Lou Locked", AccountKind.BackupifyClassic);
        using var browser = TestBrowser.Open(app);
        string? alert = null;
        for (var attempt = 0; attempt < 8 && alert?.StartsWith("Too many", StringComparison.Ordinal) != true; attempt++)
        {
            using var response = await PostAsync(browser, email, $"wrong-password-{attempt}");
            alert = Alert(await ParseAsync(response));
        }

        Assert.Matches(@"^Too many failed attempts\. Try again in \d+ minutes?\.$", alert);
        // The wait is told in whole minutes, rounded up.
        Assert.Equal("Too many failed attempts. Try again in 5 minutes.", SignInMessages.Lockout(TimeSpan.FromMinutes(4.2)));
        Assert.Equal("Too many failed attempts. Try again in 1 minute.", SignInMessages.Lockout(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Login_RightPasswordWithSecondFactor_GoesToTheTwoFactorScreen()
    {
        var email = await FreshPeople.CreateAsync(app, "Tess Twofactor", AccountKind.BackupifyClassic);
        await FreshPeople.EnrolledAppAsync(app, email, "Google Authenticator");
        using var browser = TestBrowser.Open(app);

        using var response = await PostAsync(browser, email, DemoPeople.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = Landing(response);
        Assert.Matches("^/login/2fa/[0-9a-f-]{36}$", next);
        Assert.Null(browser.Cookie("bp.auth")); // not signed in before the second factor
        var twoFactor = await PageAsync(browser, next);
        Assert.Equal("Two Factor Log In", twoFactor.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task Login_RightPasswordWithoutSecondFactor_SignsInInThePostAndGoesHome()
    {
        var email = await FreshPeople.CreateAsync(app, "Pat Password", AccountKind.BackupifyClassic);
        using var browser = TestBrowser.Open(app);

        using var response = await PostAsync(browser, email, DemoPeople.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PersonHome.Route, Landing(response));
        Assert.NotNull(browser.Cookie("bp.auth"));
        // Signed in now: Log In itself sends the person on.
        using var again = await browser.Client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(PersonHome.Route, Landing(again));
    }

    [Fact]
    public async Task Login_AbsoluteReturnUrl_IsNotPassedOn()
    {
        var email = await FreshPeople.CreateAsync(app, "Rob Return", AccountKind.BackupifyClassic);
        using var browser = TestBrowser.Open(app);

        using var response = await PostAsync(browser, email, DemoPeople.Password, "/login?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PersonHome.Route, Landing(response));
    }

    private static string Landing(HttpResponseMessage response) => new Uri(TestBrowser.BaseAddress, response.Headers.Location!).PathAndQuery;
}
