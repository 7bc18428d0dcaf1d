using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>Every shell on a 390×844 phone: the header's controls stay on screen and work, and no page scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
public class PhoneLayoutBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    private const int PhoneWidth = 390;

    [Theory]
    [InlineData(DemoPeople.Direct, "Dana Direct")]
    [InlineData(DemoPeople.DirectClassic, "Settings")]
    public async Task BackupifyShell_OnAPhone_ReachesUserSettingsAndSignOutWithoutSidewaysScrolling(string email, string menu)
    {
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await AssertNoSidewaysScrollingAsync();
        // The table reflows to the screen's width instead of scrolling inside its box.
        await AssertOnScreenAsync(page.GetByRole(AriaRole.Table, new() { Name = "Protected services" }));
        await AssertOnScreenAsync(PortalUi.Button(page, menu));

        await PortalUi.Button(page, menu).ClickAsync();
        await AssertOnScreenAsync(PortalUi.MenuItem(page, "Sign Out"));
        await PortalUi.MenuItem(page, "User Settings").ClickAsync();

        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync();
        await SignOutThroughAsync(menu);
    }

    [Fact]
    public async Task PartnerShells_OnAPhone_KeepSwitchAccountUserSettingsAndTheNameMenu()
    {
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await BrowserSignIn.SignInAsync(page, DemoPeople.PartnerClassic, PortalUi.Heading(page, "Multi-Account Login"));
        await AssertNoSidewaysScrollingAsync();
        await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
        await Expect(PortalUi.Heading(page, "Partner Portal")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await AssertNoSidewaysScrollingAsync();
        await AssertOnScreenAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Partner Portal" }).GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true }));
        await AssertOnScreenAsync(PortalUi.Button(page, "Casey Classic"));
        await AssertOnScreenAsync(PortalUi.Button(page, "Switch account"));

        await PortalUi.Button(page, "Switch account").ClickAsync();
        await PortalUi.MenuItem(page, "Backupify Classic", exact: false).ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await AssertNoSidewaysScrollingAsync();
        await AssertOnScreenAsync(PortalUi.Button(page, "Switch account"));
        await AssertOnScreenAsync(PortalUi.Button(page, "Settings"));

        await PortalUi.ChooseFromMenuAsync(page, "Settings", "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync();
        await SignOutThroughAsync("Settings");
    }

    [Theory]
    [InlineData(DemoPeople.Admin, "/admin", "Two-Factor Enrollment", "Alex Admin")]
    [InlineData(DemoPeople.Support, "/support", "Support", "Sam Support")]
    public async Task Console_OnAPhone_KeepsTheNameMenuAndSignOut(string email, string path, string heading, string menu)
    {
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, heading), path: path);
        await AssertNoSidewaysScrollingAsync();
        await SignOutThroughAsync(menu);
    }

    private async Task SignOutThroughAsync(string menu)
    {
        await PortalUi.WaitForInteractiveAsync(page);
        await AssertOnScreenAsync(PortalUi.Button(page, menu));
        await PortalUi.Button(page, menu).ClickAsync();
        await AssertOnScreenAsync(PortalUi.MenuItem(page, "Sign Out"));
        await PortalUi.MenuItem(page, "Sign Out").ClickAsync();
        await Expect(PortalUi.Button(page, "Log In")).ToBeVisibleAsync();
    }

    private async Task AssertNoSidewaysScrollingAsync()
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= innerWidth, $"{page.Url} is {scrollWidth} px wide in a {innerWidth} px window");
    }

    /// <summary>Visible and wholly inside the phone's width, so a thumb can reach it without scrolling sideways.</summary>
    private static async Task AssertOnScreenAsync(ILocator control)
    {
        await Expect(control).ToBeVisibleAsync();
        var box = await control.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth, $"{control} spans x {box.X}..{box.X + box.Width} on a {PhoneWidth} px screen");
    }
}
