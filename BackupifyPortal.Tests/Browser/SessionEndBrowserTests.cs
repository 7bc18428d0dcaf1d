using BackupifyPortal.Data;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>
/// A session with a 2FA dialog open does not survive a password change made in another browser: only the session
/// that made a change is kept (SessionRefresh), every other one ends, circuit and cookie.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SessionEndBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    private const string NewPassword = "amber violet tunnel cobbler 7";

    [Fact]
    public async Task EnableDialogLeftOpen_PasswordChangedInAnotherBrowser_ThisBrowserIsSignedOut_TheOtherStays()
    {
        // A Backupify Classic customer like direct-classic, made for this test so the demo sign-in keeps its password.
        var email = await FreshPeople.CreateAsync(Server, "Dana Dialog", AccountKind.BackupifyClassic);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, "Settings", "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).GetByText("Enable Two Factor Authentication")).ToBeVisibleAsync();

        var other = await NewPageAsync();
        try
        {
            await BrowserSignIn.SignInAsync(other, email, PortalUi.Heading(other, "Status"));
            await PortalUi.ChooseFromMenuAsync(other, "Settings", "User Settings");
            await Expect(PortalUi.Heading(other, "User Settings")).ToBeVisibleAsync();
            await other.GetByLabel("Current password", new() { Exact = true }).FillAsync(DemoPeople.Password);
            await other.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
            await other.GetByLabel("Confirm new password", new() { Exact = true }).FillAsync(NewPassword);
            await PortalUi.Button(other, "Change password").ClickAsync();
            await Expect(other.GetByRole(AriaRole.Status).GetByText("Your password was changed")).ToBeVisibleAsync();

            // Within the revalidation interval (here at once) the open dialog's session is over, and a reload stays out.
            await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync(new() { Timeout = 65_000 });
            await page.GotoAsync(Server.Url("/accounts"));
            await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync();
            // The browser that changed the password keeps its session.
            await other.ReloadAsync();
            await Expect(PortalUi.Heading(other, "User Settings")).ToBeVisibleAsync();
        }
        finally
        {
            await other.Context.DisposeAsync();
        }
    }
}
