using BackupifyPortal.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>axe-core on the screens every customer passes through: no serious or critical violation.</summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(PlaywrightFixture browser, ITestOutputHelper output) : BrowserPageTest(browser)
{
    [Fact]
    public async Task LoginPage_HasNoSeriousAccessibilityViolation()
    {
        await page.GotoAsync("/login");
        await PortalUi.WaitForInteractiveAsync(page);
        await Expect(PortalUi.Button(page, "Log In")).ToBeVisibleAsync();

        await AssertNoSeriousViolationsAsync("Login");
    }

    [Fact]
    public async Task MultiAccountLogin_HasNoSeriousAccessibilityViolation()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Partner, PortalUi.Heading(page, "Multi-Account Login"));

        await AssertNoSeriousViolationsAsync("Multi-Account Login");
    }

    [Theory]
    [InlineData(DemoPeople.Direct, "Backupify 2.0")]
    [InlineData(DemoPeople.DirectClassic, "Backupify Classic")]
    public async Task StatusPage_HasNoSeriousAccessibilityViolation(string email, string shell)
    {
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await Expect(page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();

        await AssertNoSeriousViolationsAsync($"Status ({shell})");
    }

    [Theory]
    [InlineData(DemoPeople.Direct, "Dana Direct")]
    [InlineData(DemoPeople.DirectClassic, "Settings")]
    public async Task StatusPage_WithItsHeaderMenuOpen_HasNoSeriousAccessibilityViolation(string email, string menu)
    {
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.WaitForInteractiveAsync(page);
        await PortalUi.Button(page, menu).ClickAsync();
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeVisibleAsync();

        await AssertNoSeriousViolationsAsync($"Status, {menu} menu open");
    }

    [Theory]
    [InlineData(DemoPeople.Direct, "Dana Direct")]
    [InlineData(DemoPeople.DirectClassic, "Settings")]
    public async Task UserSettingsPage_HasNoSeriousAccessibilityViolation(string email, string menu)
    {
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));
        await PortalUi.ChooseFromMenuAsync(page, menu, "User Settings");
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeVisibleAsync();

        await AssertNoSeriousViolationsAsync($"User Settings ({email})");
    }

    [Fact]
    public async Task PartnerPortalUserSettings_HasNoSeriousAccessibilityViolation()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.PartnerClassic, PortalUi.Heading(page, "Multi-Account Login"));
        await PortalUi.AccountChoice(page, "Partner Portal").ClickAsync();
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "User Settings", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeVisibleAsync();

        await AssertNoSeriousViolationsAsync("User Settings (Partner Portal)");
    }

    private Task AssertNoSeriousViolationsAsync(string screen) => AxeChecks.AssertNoSeriousViolationsAsync(page, screen, output);
}
