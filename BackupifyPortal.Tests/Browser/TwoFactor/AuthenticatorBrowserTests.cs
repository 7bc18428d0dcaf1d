using BackupifyPortal.Data;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>
/// The article's "Setting up a third-party authenticator app" in Chromium, with codes from an independent
/// RFC 6238 implementation: enable, sign in with a code, a replayed code refused, a recovery code used once.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AuthenticatorBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    [Theory]
    [InlineData(AccountKind.PartnerPortal, "Paz Partner", "Partner Portal")]
    [InlineData(AccountKind.BackupifyClassic, "Cleo Classic", "Status")]
    public async Task Authenticator_EnabledFromUserSettings_SignsInOnceWithACodeAndOnceWithARecoveryCode(AccountKind kind, string name, string home)
    {
        var email = await FreshPeople.CreateAsync(Server, name, kind);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, home));
        await OpenUserSettingsAsync(kind, name);

        // Partner Portal: the Authenticator App switch; Backupify Classic: the Setup link beside it.
        if (kind == AccountKind.PartnerPortal) await PortalUi.Switch(page, "Authenticator App").ClickAsync();
        else await page.GetByRole(AriaRole.Link, new() { Name = "Setup", Exact = true }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Choose Your Authenticator")).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync("Choose Your Authenticator: choose");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { Name = "QR code" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
        await AssertNoSeriousViolationsAsync("Choose Your Authenticator: scan");
        var key = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Replace(" ", "");
        Assert.Equal(32, key.Length);

        await dialog.GetByLabel("Verification code").FillAsync(RfcTotp.CodeAt(key, DateTimeOffset.UtcNow));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        var codes = dialog.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(codes).ToHaveCountAsync(10);
        await AssertNoSeriousViolationsAsync("Choose Your Authenticator: recovery codes");
        var recovery = (await codes.First.TextContentAsync())!.Trim();
        await dialog.GetByLabel("I have saved these codes").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeCheckedAsync();

        // Next log in asks for the app's code; a code of a newer step than the enrolment one signs in. The next step's code
        // (a phone a few seconds ahead, inside the ±1 step window) is newer without waiting up to 30 s for the clock.
        await SignOutAsync(kind, name);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        var step = RfcTotp.StepAt(DateTimeOffset.UtcNow) + 1;
        var code = RfcTotp.Code(key, step);
        await page.GetByLabel("Verification code").FillAsync(code);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, home)).ToBeVisibleAsync();

        // The same code again is a replay: refused, still on the 2FA screen.
        await SignOutAsync(kind, name);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await page.GetByLabel("Verification code").FillAsync(code);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(page.GetByText("already used", new() { Exact = false }).Or(page.GetByText("isn't right", new() { Exact = false })).First).ToBeVisibleAsync();
        await Expect(PortalUi.Heading(page, "Two Factor Log In")).ToBeVisibleAsync();

        // A recovery code works once.
        await PortalUi.Button(page, "Use a recovery code").ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(recovery);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, home)).ToBeVisibleAsync();
        await SignOutAsync(kind, name);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await PortalUi.Button(page, "Use a recovery code").ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(recovery);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Two Factor Log In")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(500);
        await Expect(PortalUi.Heading(page, home)).Not.ToBeVisibleAsync();
        output.WriteLine($"{kind}: enrolled, signed in with step {step}, replay refused, recovery code single-use.");
    }

    private async Task OpenUserSettingsAsync(AccountKind kind, string name)
    {
        if (kind == AccountKind.PartnerPortal)
        {
            await PortalUi.WaitForInteractiveAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true }).ClickAsync();
        }
        else await PortalUi.ChooseFromMenuAsync(page, "Settings", "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
    }

    private async Task SignOutAsync(AccountKind kind, string name)
    {
        await PortalUi.ChooseFromMenuAsync(page, kind == AccountKind.BackupifyClassic ? "Settings" : name, "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
    }

    private Task AssertNoSeriousViolationsAsync(string screen) => AxeChecks.AssertNoSeriousViolationsAsync(page, screen, output);
}
