using System.Text.RegularExpressions;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class AccountSwitchingTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Theory]
    [InlineData(DemoPeople.Partner, "Backupify 2.0")]
    [InlineData(DemoPeople.PartnerClassic, "Backupify Classic")]
    public async Task TwoAccountPerson_SwitchesFromHeader_WithoutSigningInAgain(string email, string backupifyEdition)
    {
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Multi-Account Login"));
        var loginVisits = 0;
        page.FrameNavigated += (_, frame) => { if (frame.Url.Contains("/login")) loginVisits++; };
        await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();

        await PortalUi.ChooseFromMenuAsync(page, "Switch account", backupifyEdition, exactItem: false);
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/backupify/[0-9a-f-]{36}/status$"));

        await PortalUi.ChooseFromMenuAsync(page, "Switch account", "Partner Portal", exactItem: false);
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/partner/[0-9a-f-]{36}$"));
        Assert.Equal(0, loginVisits);
    }

    [Fact]
    public async Task OneAccountPerson_HasNoAccountSwitcher()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));

        await Expect(PortalUi.Button(page, "Switch account")).ToHaveCountAsync(0);
    }
}
