using BackupifyPortal.Data;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser.Passwords;

/// <summary>A person changes their password on User Settings, signs out, and signs in with the new one.</summary>
[Collection(BrowserCollection.Name)]
public class ChangePasswordBrowserTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    private const string NewPassword = "amber violet tunnel cobbler 7";
    [Fact]
    public async Task ChangePassword_TooShortIsRefusedNextToTheField_ThenTheNewOneSignsIn()
    {
        var email = await FreshPeople.CreateAsync(Server, "Cora Changer", AccountKind.BackupifyClassic);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, "Settings", "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        var current = page.GetByLabel("Current password", new() { Exact = true });
        var fresh = page.GetByLabel("New password", new() { Exact = true });
        var confirm = page.GetByLabel("Confirm new password", new() { Exact = true });

        await current.FillAsync(DemoPeople.Password);
        await fresh.FillAsync("too short");
        await confirm.FillAsync("too short");
        await PortalUi.Button(page, "Change password").ClickAsync();
        // The intro also says "Use at least 15 characters"; the refusal is the one naming the NIST minimum.
        await Expect(page.GetByText("the NIST minimum for a password used on its own")).ToBeVisibleAsync();
        await Expect(fresh).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(current).ToHaveValueAsync(DemoPeople.Password);
        await AxeChecks.AssertNoSeriousViolationsAsync(page, "User Settings with a refused new password", output);

        await PortalUi.Button(page, "Show new password").ClickAsync();
        await Expect(fresh).ToHaveAttributeAsync("type", "text");
        await fresh.FillAsync(NewPassword);
        await confirm.FillAsync(NewPassword);
        await PortalUi.Button(page, "Change password").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).GetByText("Your password was changed")).ToBeVisibleAsync();
        // This browser stays signed in after the security stamp rotated.
        await page.ReloadAsync();
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();

        await PortalUi.ChooseFromMenuAsync(page, "Settings", "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"), password: NewPassword);
    }
}
