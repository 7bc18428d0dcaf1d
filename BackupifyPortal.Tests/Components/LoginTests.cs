using BackupifyPortal.Features.Operations;
using BackupifyPortal.Components.Shared;
using BackupifyPortal.Features.SignIn;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Login = BackupifyPortal.Components.SignIn.Login;

namespace BackupifyPortal.Tests.Components;

public class LoginTests : PortalComponentTest
{
    private readonly ScriptedPasswordSignIn signIn = new();

    public LoginTests()
    {
        Services.AddSingleton<IPasswordSignIn>(signIn);
        Services.AddScoped<ClientContext>();
        Services.AddScoped<BrowserContext>();
        Services.AddScoped<SessionHandoff>();
        AddBunitPersistentComponentState().Persist(BrowserContext.StateKey, Sealed(new BrowserSnapshot("BINDING", null)));
    }

    [Fact]
    public void Login_PasswordField_IsMaskedWithAShowToggle_AndWelcomesPasswordManagersAndPaste()
    {
        var cut = Render<Login>();
        var password = cut.Find("input[type=password]");

        Assert.Equal("current-password", password.GetAttribute("autocomplete"));
        Assert.Null(password.GetAttribute("onpaste"));
        // "webauthn": the browser offers passkeys in the Email field's suggestions (conditional mediation).
        Assert.Equal("username webauthn", cut.Find("input[type=email]").GetAttribute("autocomplete"));
        cut.Find("button[aria-label='Show the characters']").Click();
        Assert.Empty(cut.FindAll("input[type=password]"));
        Assert.Contains(cut.FindAll("input"), i => i.GetAttribute("autocomplete") == "current-password" && i.GetAttribute("type") == "text");
    }

    [Fact]
    public void Login_EmptySubmit_ShowsMessagesNextToTheFields()
    {
        var cut = Render<Login>();
        cut.Find("form").Submit();

        Assert.Contains("Enter your email address.", cut.Markup);
        Assert.Contains("Enter your password.", cut.Markup);
        Assert.Empty(signIn.Calls);
    }

    [Fact]
    public void Login_MalformedEmail_ExplainsTheExpectedShape()
    {
        var cut = Render<Login>();
        cut.Find("input[type=email]").Change("not-an-email");
        cut.Find("input[type=password]").Change("whatever-password");
        cut.Find("form").Submit();

        Assert.Contains("Enter an email address like name@example.com.", cut.Markup);
        Assert.Empty(signIn.Calls);
    }

    [Theory]
    [InlineData("nobody@demo.test")]
    [InlineData("partner@demo.test")]
    public void Login_UnknownEmailOrWrongPassword_ShowsTheSameGenericError(string email)
    {
        signIn.Next = PasswordCheckResult.Failed;
        var cut = Render<Login>();
        cut.Find("input[type=email]").Change(email);
        cut.Find("input[type=password]").Change("wrong-password-123");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Incorrect email or password.", cut.Find("[role=alert]").TextContent));
        Assert.Equal(email, cut.Find("input[type=email]").GetAttribute("value"));
    }

    [Fact]
    public void Login_LockedOut_TellsHowLongToWait()
    {
        signIn.Next = new PasswordCheckResult(PasswordOutcome.LockedOut, LockedFor: TimeSpan.FromMinutes(4.2));
        var cut = Render<Login>();
        cut.Find("input[type=email]").Change("partner@demo.test");
        cut.Find("input[type=password]").Change("wrong-password-123");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Try again in 5 minutes.", cut.Find("[role=alert]").TextContent));
    }

    [Fact]
    public void Login_RightPasswordWithSecondFactor_GoesToTheTwoFactorScreen()
    {
        var attemptId = Guid.NewGuid();
        signIn.Next = new PasswordCheckResult(PasswordOutcome.NeedsSecondFactor, AttemptId: attemptId);
        var cut = Render<Login>();
        cut.Find("input[type=email]").Change("partner@demo.test");
        cut.Find("input[type=password]").Change("Demo-Pass-2026");
        cut.Find("form").Submit();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith($"/login/2fa/{attemptId}", navigation.Uri));
        Assert.Equal("BINDING", signIn.Calls.Single().Browser.BindingHash);
    }

    [Fact]
    public void Login_AbsoluteReturnUrl_IsNotPassedOn()
    {
        signIn.Next = PasswordCheckResult.Failed;
        Services.GetRequiredService<NavigationManager>().NavigateTo("/login?returnUrl=https%3A%2F%2Fevil.example%2F");
        var cut = Render<Login>();
        cut.Find("input[type=email]").Change("partner@demo.test");
        cut.Find("input[type=password]").Change("Demo-Pass-2026");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(signIn.Calls));
        Assert.Null(signIn.Calls[0].ReturnUrl);
    }

    private sealed class ScriptedPasswordSignIn : IPasswordSignIn
    {
        public PasswordCheckResult Next { get; set; } = PasswordCheckResult.Failed;
        public List<(string Email, BrowserSnapshot Browser, string? ReturnUrl)> Calls { get; } = [];

        public Task<PasswordCheckResult> CheckAsync(string email, string password, BrowserSnapshot browser, string? returnUrl, CancellationToken ct = default)
        {
            Calls.Add((email, browser, returnUrl));
            return Task.FromResult(Next);
        }
    }
}
