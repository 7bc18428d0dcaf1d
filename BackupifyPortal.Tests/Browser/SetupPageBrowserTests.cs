using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>The setup page (where an emailed setup link lands) sits in the portal's own frame, with a way out.</summary>
[Collection(BrowserCollection.Name)]
public class SetupPageBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task SetupPage_HasThePortalsLogoHome_AndANameMenuWithMyAccountsAndSignOut()
    {
        var email = await FreshPeople.CreateAsync(Server, "Otto Outway", AccountKind.Backupify2);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await page.GotoAsync("/setup");
        await Expect(PortalUi.Heading(page, "Set up two-factor authentication")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);

        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Backupify Portal" })).ToBeVisibleAsync();
        await PortalUi.ChooseFromMenuAsync(page, "Otto Outway", "My accounts");
        await Expect(page).Not.ToHaveURLAsync(new Regex("/setup$"));
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();

        await page.GotoAsync("/setup");
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Backupify Portal" }).ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
    }
}
