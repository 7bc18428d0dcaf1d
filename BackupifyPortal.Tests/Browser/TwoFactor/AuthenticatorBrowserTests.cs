using BackupifyPortal.Data;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>
/// The article's "Setting up a third-party authenticator app" in Chromium, with codes from an independent
/// RFC 6238 implementation: enable, a replayed code refused, sign in with a code, sign in with a recovery code. The dialog's
/// steps are axe-checked in <see cref="EveryScreenAxeTests"/>; a used recovery code refused: SignInStepTests.
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
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { Name = "QR code" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
        var key = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Replace(" ", "");
        Assert.Equal(32, key.Length);

        var enrolmentStep = RfcTotp.StepAt(DateTimeOffset.UtcNow);
        await dialog.GetByLabel("Verification code").FillAsync(RfcTotp.Code(key, enrolmentStep));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        var codes = dialog.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(codes).ToHaveCountAsync(10);
        var recovery = (await codes.First.TextContentAsync())!.Trim();
        await dialog.GetByLabel("I have saved these codes").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeCheckedAsync();

        // Next log in asks for the app's code. The enrolment's code again is a replay: refused, still on the 2FA screen.
        await SignOutAsync(kind, name);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await page.GetByLabel("Verification code").FillAsync(RfcTotp.Code(key, enrolmentStep));
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(page.GetByText("already used", new() { Exact = false }).Or(page.GetByText("isn't right", new() { Exact = false })).First).ToBeVisibleAsync();
        await Expect(PortalUi.Heading(page, "Two Factor Log In")).ToBeVisibleAsync();

        // A code of a newer step signs in. The next step's code (a phone a few seconds ahead, inside the ±1 step window) is
        // newer without waiting up to 30 s for the clock.
        var step = Math.Max(enrolmentStep + 1, RfcTotp.StepAt(DateTimeOffset.UtcNow));
        await page.GetByLabel("Verification code").FillAsync(RfcTotp.Code(key, step));
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, home)).ToBeVisibleAsync();

        // A recovery code signs in. (Used once, it is refused: SignInStepTests.RecoveryStep_UsedCode_IsRefused.)
        await SignOutAsync(kind, name);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        await PortalUi.Button(page, "Use a recovery code").ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(recovery);
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, home)).ToBeVisibleAsync();
        output.WriteLine($"{kind}: enrolled, enrolment code refused as a replay, signed in with step {step}, then with a recovery code.");
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
}
