using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>Every demo customer signs in and reaches User Settings by the help article's path for their account.</summary>
[Collection(BrowserCollection.Name)]
public class UserSettingsJourneyTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    /// <param name="chooserChoice">The Multi-Account Login choice, or null for a person with one account (no chooser).</param>
    /// <param name="home">The heading of the page the account opens on.</param>
    /// <param name="menuButton">The header button that holds User Settings, or null when it is a plain link (Partner Portal).</param>
    [Theory]
    [InlineData(DemoPeople.Partner, "Partner Portal", "Partner Portal", null)]
    [InlineData(DemoPeople.Partner, "Backupify", "Status", "Pat Partner")]
    [InlineData(DemoPeople.PartnerClassic, "Partner Portal", "Partner Portal", null)]
    [InlineData(DemoPeople.PartnerClassic, "Backupify", "Status", "Settings")]
    [InlineData(DemoPeople.Direct, null, "Status", "Dana Direct")]
    [InlineData(DemoPeople.DirectClassic, null, "Status", "Settings")]
    public async Task DemoCustomer_FollowsArticlePath_ReachesUserSettings(string email, string? chooserChoice, string home, string? menuButton)
    {
        var landing = PortalUi.Heading(page, chooserChoice is null ? home : "Multi-Account Login");
        var elapsed = await BrowserSignIn.SignInAsync(page, email, landing);
        output.WriteLine($"Sign-in timing: {email}: {elapsed.TotalMilliseconds:F0} ms from clicking Log In to the '{(chooserChoice is null ? home : "Multi-Account Login")}' heading");

        if (chooserChoice is not null)
        {
            await PortalUi.AccountChoice(page, chooserChoice).ClickAsync();
            await Expect(PortalUi.Heading(page, home)).ToBeVisibleAsync();
        }

        if (menuButton is null)
        {
            await PortalUi.WaitForInteractiveAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true })
                .Or(PortalUi.MenuItem(page, "User Settings")).First.ClickAsync();
        }
        else
        {
            await PortalUi.ChooseFromMenuAsync(page, menuButton, "User Settings");
        }

        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await Expect(PortalUi.Switch(page, "Two Factor Authentication")).ToBeVisibleAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/(partner|backupify)/[0-9a-f-]{36}/settings$"));
    }
}
